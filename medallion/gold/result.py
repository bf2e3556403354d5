"""What a Gold promotion reports back: counts per table and warnings."""

from dataclasses import dataclass, field

from medallion.cases.notices import Notice
from medallion.gold.change_kinds import ChangeCounts
from medallion.gold.counts import GoldCounts


def gold_notice(code: str, tax_year: int | None, detail: str) -> Notice:
    """A data-quality finding or an assumption a Gold value rests on.

    `detail` names figures and fields, never a taxpayer's name or SSN.
    """
    return Notice(code=code, detail=detail, tax_year=tax_year, layer="gold")


@dataclass(frozen=True)
class GoldResult:
    """Rows written per counted Gold table by one promotion, what the reader should know, and
    the build it recorded with the count of its changes by severity (DOMAIN §7)."""

    case_id: str
    counts: GoldCounts = field(default_factory=GoldCounts)
    warnings: tuple[Notice, ...] = field(default_factory=tuple)
    build_id: int | None = None
    changes: ChangeCounts = field(default_factory=ChangeCounts)
