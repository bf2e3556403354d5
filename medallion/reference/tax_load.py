"""`medallion reference load tax-tables --taxcalc-json FILE`: replace the tax tables with the
ones read from a Tax-Calculator release, in one transaction (DOMAIN 3.14).

The previous load's version is retired (kept, with retired_at) and its rows replaced; the same
file again (same digest) changes nothing.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from medallion.platform.db import Connection
from medallion.reference.errors import ReferenceInputError
from medallion.reference.kinds import TAX_TABLES
from medallion.reference.taxcalc import TaxTablesFromTaxcalc, read_taxcalc_policy
from medallion.reference.versions import INSERT_VERSION, LOCK_LOADS

_SELECT_CURRENT = """
SELECT version_id, file_digest FROM reference_versions WHERE kind = $1 AND retired_at IS NULL
"""
_RETIRE = "UPDATE reference_versions SET retired_at = now() WHERE kind = $1 AND retired_at IS NULL"
_DELETE = (
    "DELETE FROM standard_deductions",
    "DELETE FROM tax_brackets",
    "DELETE FROM ss_wage_base",
)


@dataclass(frozen=True)
class TaxcalcFile:
    name: str
    digest: str  # sha256 of the bytes
    tables: TaxTablesFromTaxcalc


@dataclass(frozen=True)
class TaxTablesLoad:
    version_id: int
    first_year: int
    last_year: int
    changed: bool  # false: the same file was already loaded


def _source(release: str | None) -> tuple[str, str]:
    if release is None:
        return "Tax-Calculator policy_current_law.json", "https://pypi.org/project/taxcalc/"
    return (
        f"Tax-Calculator {release} policy_current_law.json",
        f"https://pypi.org/project/taxcalc/{release}/",
    )


def read_taxcalc_file(path: Path) -> TaxcalcFile:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReferenceInputError(path.name, f"cannot be read ({err.strerror})") from None
    return TaxcalcFile(
        name=path.name,
        digest=hashlib.sha256(data).hexdigest(),
        tables=read_taxcalc_policy(path.name, data.decode("utf-8", errors="replace")),
    )


async def load_tax_tables(
    conn: Connection, file: TaxcalcFile, *, release: str | None
) -> TaxTablesLoad:
    tables, digest = file.tables, file.digest
    async with conn.transaction():
        await conn.execute(LOCK_LOADS)
        current = await conn.fetchrow(_SELECT_CURRENT, TAX_TABLES)
        if current is not None and current["file_digest"] == digest:
            return TaxTablesLoad(current["version_id"], tables.first_year, tables.last_year, False)
        await conn.execute(_RETIRE, TAX_TABLES)
        source_name, source_url = _source(release)
        version_id: int = await conn.fetchval(
            INSERT_VERSION,
            TAX_TABLES,
            datetime.date(tables.first_year, 1, 1),
            source_name,
            source_url,
            file.name,
            digest,
            False,
        )
        for statement in _DELETE:
            await conn.execute(statement)
        await conn.copy_records_to_table(
            "standard_deductions",
            records=[(y, s, a, version_id) for (y, s), a in tables.standard_deductions.items()],
            columns=["year", "filing_status", "amount", "version_id"],
        )
        await conn.copy_records_to_table(
            "tax_brackets",
            records=[
                (y, s, b.income_min, b.income_max, b.rate, version_id)
                for (y, s), brackets in tables.brackets.items()
                for b in brackets
            ],
            columns=["year", "filing_status", "income_min", "income_max", "rate", "version_id"],
        )
        await conn.copy_records_to_table(
            "ss_wage_base",
            records=[(y, a, version_id) for y, a in tables.wage_bases.items()],
            columns=["year", "amount", "version_id"],
        )
    return TaxTablesLoad(version_id, tables.first_year, tables.last_year, True)
