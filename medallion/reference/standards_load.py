"""`medallion reference load standards FILE…`: check every file, then write them all in one
transaction (DOMAIN 4.5; layout in docs/reference-data.md).

Nothing is written unless every file passes: each row, each table's completeness, no second
period with the same start, every metropolitan area's county known to a housing table, and no
unverified row without `allow_unverified`. Loading a file already loaded (same digest) changes
nothing.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medallion.platform.db import Connection
from medallion.reference import kinds
from medallion.reference.counties import match_county
from medallion.reference.csv_file import read_reference_file
from medallion.reference.errors import ReferenceInputError
from medallion.reference.standards_rows import (
    DB_COLUMNS,
    PROVENANCE_DB_COLUMNS,
    StandardsTable,
    standards_table,
)
from medallion.reference.versions import INSERT_VERSION, LOCK_LOADS, SELECT_CURRENT

_SELECT_HOUSING_COUNTIES = "SELECT DISTINCT state, county FROM standards_housing_utilities"
_SELECT_AREA_MSAS = """
SELECT DISTINCT a.msa
  FROM standards_transportation_areas a JOIN reference_versions v USING (version_id)
 WHERE v.effective_from = $1 AND v.retired_at IS NULL AND a.msa IS NOT NULL
"""


@dataclass(frozen=True)
class LoadedFile:
    file_name: str
    kind: str
    effective_from: datetime.date
    rows: int
    version_id: int
    changed: bool  # false: the same file was already loaded
    doubts: tuple[str, ...]  # the file's known doubts, when it held unverified rows


async def load_standards(
    conn: Connection, paths: Sequence[Path], *, allow_unverified: bool = False
) -> list[LoadedFile]:
    """Load the files in one transaction; raise ReferenceInputError, writing nothing, when any
    file or row is bad."""
    tables = [standards_table(read_reference_file(path)) for path in paths]
    _check_one_file_per_period(tables)
    _check_unverified(tables, allow_unverified)
    async with conn.transaction():
        await conn.execute(LOCK_LOADS)
        existing = {}
        for table in tables:
            current = await conn.fetchrow(
                SELECT_CURRENT, table.file.kind, table.file.effective_from
            )
            if current is not None and current["file_digest"] != table.file.digest:
                raise ReferenceInputError(
                    table.file.name,
                    f"overlaps the {table.file.kind} period effective "
                    f"{table.file.effective_from} already loaded from {current['file_name']} "
                    "(a different file); a period is loaded once",
                )
            existing[table.file.name] = current
        await _check_areas(conn, tables)
        loaded = []
        for table in tables:
            current = existing[table.file.name]
            if current is not None:
                loaded.append(_report(table, current["version_id"], changed=False))
                continue
            version_id = await _write(conn, table)
            loaded.append(_report(table, version_id, changed=True))
    return loaded


def _report(table: StandardsTable, version_id: int, *, changed: bool) -> LoadedFile:
    return LoadedFile(
        file_name=table.file.name,
        kind=table.file.kind,
        effective_from=table.file.effective_from,
        rows=len(table.records),
        version_id=version_id,
        changed=changed,
        doubts=table.file.doubts if table.unverified_lines else (),
    )


def _check_one_file_per_period(tables: list[StandardsTable]) -> None:
    seen: dict[tuple[str, datetime.date], str] = {}
    for table in tables:
        period = (table.file.kind, table.file.effective_from)
        if period in seen:
            raise ReferenceInputError(
                table.file.name,
                f"overlaps {seen[period]}: both are {period[0]} effective {period[1]}",
            )
        seen[period] = table.file.name


def _check_unverified(tables: list[StandardsTable], allow_unverified: bool) -> None:
    if allow_unverified:
        return
    for table in tables:
        if table.unverified_lines:
            doubts = " ".join(table.file.doubts) or "the file names none"
            raise ReferenceInputError(
                table.file.name,
                "holds rows marked unverified; load them only knowingly, with "
                f"--allow-unverified. Known doubts: {doubts}",
                table.unverified_lines[0],
            )


async def _check_areas(conn: Connection, tables: list[StandardsTable]) -> None:
    """Every operating-cost area has its counties, and every such county is a known county."""
    counties: dict[str, set[str]] = defaultdict(set)
    for r in await conn.fetch(_SELECT_HOUSING_COUNTIES):
        counties[r["state"]].add(r["county"])
    area_msas: dict[datetime.date, set[str]] = defaultdict(set)
    for table in tables:
        if table.kind.name == kinds.HOUSING_UTILITIES:
            for record in table.records:
                counties[record.values[0]].add(record.values[1])
    for table in tables:
        if table.kind.name != kinds.TRANSPORTATION_AREAS:
            continue
        for record in table.records:
            _, msa, state, county = record.values[:4]
            if msa is None:
                continue
            area_msas[table.file.effective_from].add(msa)
            match = match_county(county, counties.get(state, ()))
            if match.county is None:
                reason = (
                    f"could be {' or '.join(match.candidates)}"
                    if match.ambiguous
                    else "is in no housing and utilities table"
                )
                raise ReferenceInputError(
                    table.file.name, f"county {county!r} of {state} ({msa}) {reason}", record.line
                )
    for table in tables:
        if table.kind.name != kinds.TRANSPORTATION:
            continue
        known = area_msas[table.file.effective_from] | {
            r["msa"] for r in await conn.fetch(_SELECT_AREA_MSAS, table.file.effective_from)
        }
        for record in table.records:
            msa = record.values[2]
            if msa is not None and msa not in known:
                raise ReferenceInputError(
                    table.file.name,
                    f"metropolitan area {msa!r} has no counties in a transportation_areas "
                    f"file effective {table.file.effective_from}",
                    record.line,
                )


async def _write(conn: Connection, table: StandardsTable) -> int:
    file = table.file
    version_id: int = await conn.fetchval(
        INSERT_VERSION,
        file.kind,
        file.effective_from,
        file.source,
        file.source_url,
        file.name,
        file.digest,
        bool(table.unverified_lines),
    )
    await conn.copy_records_to_table(
        table.kind.table,
        records=[(version_id, *record.values) for record in table.records],
        columns=["version_id", *DB_COLUMNS[table.kind.name], *PROVENANCE_DB_COLUMNS],
    )
    return version_id
