"""The reference data the repository ships, loaded after the migrations (DOMAIN 3.14, 4.5).

`reference_data/standards/*.csv` are the verified IRS Collection Financial Standards converted
from `shared/reference/` (`medallion.reference.convert`); `unverified/` holds the files with
rows resting on a single third-party source, loaded only when asked for. The tax tables come
from the Tax-Calculator release named in TAXCALC_JSON. Loading is idempotent: files already
loaded (same digest) change nothing.
"""

from pathlib import Path

import asyncpg

from medallion.platform.db import Connection
from medallion.reference.standards_load import LoadedFile, load_standards
from medallion.reference.tax_load import TaxTablesLoad, load_tax_tables, read_taxcalc_file

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent.parent
SHIPPED_DIR = REPOSITORY_ROOT / "reference_data" / "standards"
UNVERIFIED_DIR = SHIPPED_DIR / "unverified"
TAXCALC_JSON = (
    REPOSITORY_ROOT
    / "reference_data"
    / "tax_tables"
    / "taxcalc-6.8.5"
    / ("policy_current_law.json")
)
TAXCALC_RELEASE = "6.8.5"


def shipped_standards() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.csv"))


def unverified_standards() -> list[Path]:
    return sorted(UNVERIFIED_DIR.glob("*.csv"))


async def load_unverified_shipped(dsn: str) -> list[LoadedFile]:
    """The files with unverified rows (2025 out-of-pocket health care), loaded knowingly: the
    dev stack does this so its 2025 builds use them, and prints their known doubts."""
    conn = await asyncpg.connect(dsn)
    try:
        return await load_standards(conn, unverified_standards(), allow_unverified=True)
    finally:
        await conn.close()


async def load_shipped(conn: Connection) -> tuple[list[LoadedFile], TaxTablesLoad]:
    """The verified standards and the tax tables; unverified files are left out."""
    standards = await load_standards(conn, shipped_standards())
    tax = await load_tax_tables(conn, read_taxcalc_file(TAXCALC_JSON), release=TAXCALC_RELEASE)
    return standards, tax
