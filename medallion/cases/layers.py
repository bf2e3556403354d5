"""Silver and Gold of one case as the status report shows them: rows per table, the
transaction codes and form types no rule matched, and the latest Gold build's change counts
(DOMAIN §7) (`queries.py` reads them with Bronze)."""

from dataclasses import dataclass, fields

from asyncpg import Record

from medallion.cases.change_log import LATEST_BUILD_SQL, LatestBuild, latest_build_of
from medallion.gold.counts import GoldCounts
from medallion.gold.tables import COUNTS_SQL as GOLD_COUNTS_SQL
from medallion.silver.counts import SilverCounts
from medallion.silver.store import UNMAPPED_CODES_SQL, UNMAPPED_FORMS_SQL
from medallion.silver.tables import COUNTS_SQL as SILVER_COUNTS_SQL

LAYERS_SQL = f"""
SELECT s.*, g.*, b.*,
       ARRAY({UNMAPPED_CODES_SQL}) AS unmapped_codes,
       ARRAY({UNMAPPED_FORMS_SQL}) AS unmapped_forms
  FROM ({SILVER_COUNTS_SQL}) s CROSS JOIN ({GOLD_COUNTS_SQL}) g
  LEFT JOIN ({LATEST_BUILD_SQL}) b ON true
"""


@dataclass(frozen=True)
class CaseLayers:
    silver: SilverCounts
    gold: GoldCounts
    unmapped_codes: list[str]
    unmapped_forms: list[str]
    latest_build: LatestBuild | None = None


def layers_of(row: Record) -> CaseLayers:
    """The layers from a row with LAYERS_SQL's columns (and maybe others)."""
    return CaseLayers(
        silver=SilverCounts(**{f.name: row[f.name] for f in fields(SilverCounts)}),
        gold=GoldCounts(**{f.name: row[f.name] for f in fields(GoldCounts)}),
        unmapped_codes=list(row["unmapped_codes"]),
        unmapped_forms=list(row["unmapped_forms"]),
        latest_build=latest_build_of(row),
    )
