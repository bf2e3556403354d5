"""Rows per Gold table of one case, as the workflow records them and the status report shows
them (DOMAIN 5, `gold` block). `gold/tables.py` says which table each field counts."""

from dataclasses import astuple, dataclass


@dataclass(frozen=True)
class GoldCounts:
    employment: int = 0
    household: int = 0
    household_members: int = 0
    income_sources: int = 0
    monthly_expenses: int = 0
    financial_accounts: int = 0
    vehicles: int = 0
    real_property: int = 0
    other_assets: int = 0
    year_balances: int = 0
    csed_by_assessment: int = 0
    csed_by_year: int = 0
    tax_projections: int = 0
    tax_year_flags: int = 0
    resolution_options: int = 0

    @property
    def rows(self) -> int:
        return sum(astuple(self))
