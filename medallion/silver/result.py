"""What a Silver promotion reports back to the workflow (small, serialisable)."""

from __future__ import annotations

from dataclasses import dataclass

from medallion.cases.notices import Notice
from medallion.silver.counts import SilverCounts


@dataclass(frozen=True)
class SilverResult:
    case_id: str
    rules_version: str
    counts: SilverCounts
    warnings: tuple[Notice, ...] = ()
