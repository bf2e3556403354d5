"""What a Silver promotion reports back to the workflow (small, serialisable)."""

from __future__ import annotations

from dataclasses import dataclass

from medallion.silver.issues import SilverWarning


@dataclass(frozen=True)
class SilverResult:
    case_id: str
    rules_version: str
    tax_years: int
    account_activity: int
    income_documents: int
    trt_records: int
    interview_snapshot: int
    interview_bank_accounts: int
    interview_vehicles: int
    interview_real_property: int
    interview_other_expenses: int
    csed_tolling_events: int
    quarantined: int
    warnings: tuple[SilverWarning, ...] = ()
