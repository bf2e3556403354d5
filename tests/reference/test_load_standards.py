"""`medallion reference load standards`: every file is checked before anything is written, and
bad input leaves the tables as they were (DOMAIN 4.5; docs/reference-data.md).

Each test writes files for an effective date of its own, so no other test's build sees them.
"""

import datetime
from collections.abc import Callable
from pathlib import Path

import asyncpg
import pytest

from medallion.reference.csv_file import read_reference_file
from medallion.reference.errors import ReferenceInputError
from medallion.reference.shipped import shipped_standards, unverified_standards
from medallion.reference.standards_load import LoadedFile, load_standards
from medallion.reference.standards_rows import StandardsTable, standards_table
from tests.gold import standards_files
from tests.support.case_ids import fresh_case_id

TABLES = (
    "reference_versions",
    "standards_national",
    "standards_out_of_pocket_health",
    "standards_housing_utilities",
    "standards_transportation",
    "standards_transportation_areas",
)


def _fresh_day() -> datetime.date:
    """An effective date no other test uses (the case-id counter is unique per test)."""
    return datetime.date(3000, 1, 1) + datetime.timedelta(days=int(fresh_case_id()) % 300_000)


async def _contents(pool: asyncpg.Pool) -> dict[str, int]:
    return {table: await pool.fetchval(f"SELECT count(*) FROM {table}") for table in TABLES}


async def _load(pool: asyncpg.Pool, paths: list[Path], **options: bool) -> list[LoadedFile]:
    async with pool.acquire() as conn:
        return await load_standards(conn, paths, **options)


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


BadInput = Callable[[list[Path]], None]


def _wrong_column_line(files: list[Path]) -> None:
    _edit(files[0], "category,state,household_size", "category,household_size,state")


def _missing_kind_header(files: list[Path]) -> None:
    _edit(files[1], "# kind: out_of_pocket_health\n", "")


def _negative_amount(files: list[Path]) -> None:
    _edit(files[2], ",1600,,,", ",-1600,,,")


def _unknown_msa_county(files: list[Path]) -> None:
    _edit(files[4], "Cleveland,OH,Cuyahoga", "Cleveland,OH,Atlantis")


def _duplicate_row(files: list[Path]) -> None:
    text = files[1].read_text()
    files[1].write_text(text + text.splitlines()[-1] + "\n")


def _missing_size(files: list[Path]) -> None:
    lines = files[0].read_text().splitlines(keepends=True)
    files[0].write_text("".join(line for line in lines if not line.startswith("food,,3,")))


def _unverified_row(files: list[Path]) -> None:
    _edit(files[1], "verified\n", "unverified\n")


@pytest.mark.parametrize(
    ("bad_input", "reason"),
    [
        (_wrong_column_line, "column line is category,household_size,state"),
        (_missing_kind_header, "needs exactly one non-empty `# kind:` header line"),
        (_negative_amount, "amount '-1600' is not a positive amount of money"),
        (_unknown_msa_county, "county 'Atlantis' of OH (Cleveland) is in no housing"),
        (_duplicate_row, "duplicates line"),
        (_missing_size, "is incomplete: no row for food national size 3"),
        (_unverified_row, "holds rows marked unverified"),
    ],
)
async def test_bad_input_names_the_reason_and_changes_nothing(
    pg_pool: asyncpg.Pool, tmp_path: Path, bad_input: BadInput, reason: str
) -> None:
    files = standards_files.every_kind(tmp_path, _fresh_day())
    bad_input(files)
    before = await _contents(pg_pool)

    with pytest.raises(ReferenceInputError) as raised:
        await _load(pg_pool, files)

    assert reason in str(raised.value)
    assert await _contents(pg_pool) == before


async def test_the_error_names_the_file_and_the_line(pg_pool: asyncpg.Pool, tmp_path: Path) -> None:
    files = standards_files.every_kind(tmp_path, _fresh_day())
    _negative_amount(files)
    with pytest.raises(ReferenceInputError) as raised:
        await _load(pg_pool, files)
    # Five header lines, the column line, then OH Franklin County sizes 1–5: line 8 is size 2.
    assert (raised.value.file, raised.value.line) == (files[2].name, 8)


async def test_an_overlapping_period_changes_nothing(pg_pool: asyncpg.Pool, tmp_path: Path) -> None:
    day = _fresh_day()
    await _load(pg_pool, [standards_files.national(tmp_path, day)])
    before = await _contents(pg_pool)
    other = tmp_path / "other"
    other.mkdir()
    changed = standards_files.national(other, day, bump=5)

    with pytest.raises(ReferenceInputError, match="overlaps the national_standards period"):
        await _load(pg_pool, [changed])
    assert await _contents(pg_pool) == before


async def test_two_files_of_one_period_in_one_load_change_nothing(
    pg_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    day = _fresh_day()
    other = tmp_path / "other"
    other.mkdir()
    before = await _contents(pg_pool)
    with pytest.raises(ReferenceInputError, match="overlaps"):
        await _load(
            pg_pool,
            [standards_files.national(tmp_path, day), standards_files.national(other, day, 5)],
        )
    assert await _contents(pg_pool) == before


async def test_loading_the_same_files_again_changes_nothing(
    pg_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    files = standards_files.every_kind(tmp_path, _fresh_day())
    first = await _load(pg_pool, files)
    before = await _contents(pg_pool)

    again = await _load(pg_pool, files)

    assert [f.changed for f in first] == [True] * len(files)
    assert [f.changed for f in again] == [False] * len(files)
    assert [f.version_id for f in again] == [f.version_id for f in first]
    assert await _contents(pg_pool) == before


async def test_unverified_rows_load_when_allowed_and_show_the_doubts(
    pg_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    files = standards_files.every_kind(tmp_path, _fresh_day())
    _unverified_row(files)
    loaded = await _load(pg_pool, files, allow_unverified=True)

    health = next(f for f in loaded if f.kind == "out_of_pocket_health")
    assert health.doubts == ("figures made up for a test",)
    flagged = await pg_pool.fetchval(
        "SELECT unverified FROM reference_versions WHERE version_id = $1", health.version_id
    )
    assert flagged is True
    assert all(f.doubts == () for f in loaded if f is not health)


async def test_every_row_points_to_its_version_and_keeps_its_sources(
    pg_pool: asyncpg.Pool, tmp_path: Path
) -> None:
    day = _fresh_day()
    [loaded] = await _load(pg_pool, [standards_files.health(tmp_path, day)])
    rows = await pg_pool.fetch(
        "SELECT version_id, sources, checked FROM standards_out_of_pocket_health"
        " WHERE version_id = $1",
        loaded.version_id,
    )
    assert [(r["sources"], r["checked"]) for r in rows] == [
        ("test-fixture", "written by the test")
    ] * 2
    version = await pg_pool.fetchrow(
        "SELECT kind, effective_from, file_name, file_digest FROM reference_versions"
        " WHERE version_id = $1",
        loaded.version_id,
    )
    assert version is not None
    assert (version["kind"], version["effective_from"]) == ("out_of_pocket_health", day)
    assert len(version["file_digest"]) == 64


def test_the_shipped_files_are_complete_and_verified() -> None:
    shipped: list[StandardsTable] = [
        standards_table(read_reference_file(p)) for p in shipped_standards()
    ]
    assert {(t.file.kind, t.file.effective_from.isoformat()) for t in shipped} == {
        ("national_standards", "2025-04-21"),
        ("out_of_pocket_health", "2024-04-22"),
        ("housing_utilities", "2024-04-22"),
        ("housing_utilities", "2025-04-21"),
        ("transportation", "2025-04-21"),
        ("transportation_areas", "2025-04-21"),
    }
    assert all(t.unverified_lines == () for t in shipped)
    [unverified] = [standards_table(read_reference_file(p)) for p in unverified_standards()]
    assert (unverified.file.kind, len(unverified.unverified_lines)) == ("out_of_pocket_health", 2)
