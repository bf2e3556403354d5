"""Rows per Silver table of one case, as the workflow records them and the status report shows
them (DOMAIN 5, `silver` block). `silver/tables.py` says which table each field counts."""

from dataclasses import astuple, dataclass


@dataclass(frozen=True)
class SilverCounts:
    tax_years: int = 0
    account_activity: int = 0
    income_documents: int = 0
    trt_records: int = 0
    interview_snapshot: int = 0
    interview_bank_accounts: int = 0
    interview_vehicles: int = 0
    interview_real_property: int = 0
    interview_other_expenses: int = 0
    csed_tolling_events: int = 0
    quarantined: int = 0

    @property
    def typed_rows(self) -> int:
        """Every Silver row built (quarantined records are not rows of the case's data)."""
        return sum(astuple(self)) - self.quarantined
