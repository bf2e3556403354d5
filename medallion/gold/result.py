"""What a Gold promotion reports back: counts per table and warnings."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoldWarning:
    """A data-quality finding or an assumption a value rests on.

    `detail` names figures and fields, never a taxpayer's name or SSN.
    """

    code: str
    tax_year: int | None
    detail: str


@dataclass(frozen=True)
class GoldResult:
    """Rows written per Gold table by one promotion, and what the reader should know."""

    case_id: str
    employment_information: int = 0
    household_information: int = 0
    household_members: int = 0
    income_sources: int = 0
    monthly_expenses: int = 0
    year_balances: int = 0
    financial_accounts: int = 0
    vehicles: int = 0
    real_property: int = 0
    other_assets: int = 0
    tax_projections: int = 0
    csed_by_assessment: int = 0
    csed_by_year: int = 0
    tax_year_flags: int = 0
    resolution_options: int = 0
    warnings: tuple[GoldWarning, ...] = field(default_factory=tuple)
