"""The case summary (`GET /api/cases/{case_id}/summary`): one document of a case's Gold rows.

Money and factors are strings holding the stored decimal exactly ("2360.50", "0.8000"),
never JSON numbers, so no reader goes through a binary float.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer, WithJsonSchema

from api.change_schemas import BuildChanges
from medallion.cases.notices import Notice
from workflows.models import FetchState


def _exact(value: Decimal) -> str:
    return str(value)


Money = Annotated[
    Decimal,
    PlainSerializer(_exact, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?[0-9]+\.[0-9]{2}$",
            "description": "US dollars, exact, two decimals",
            "examples": ["2360.50"],
        }
    ),
]
Factor = Annotated[
    Decimal,
    PlainSerializer(_exact, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+\.[0-9]+$", "examples": ["0.8000"]}),
]


class YearBalance(BaseModel):
    """`year_balances` (DOMAIN 4.7)."""

    reported_balance: Money | None
    accrued_interest: Money | None
    accrued_penalty: Money | None
    payoff_balance: Money | None
    calculated_balance: Money
    reconciliation_delta: Money | None
    total_assessed: Money
    total_paid: Money
    projected_balance: Money | None
    lien_filed: bool
    last_collection_action_date: date | None
    collection_action_last_365d: bool


class AssessmentCsed(BaseModel):
    """`csed_by_assessment` (DOMAIN 4.8)."""

    assessment_no: int
    assessment_date: date | None
    assessment_code: str | None
    assessed_amount: Money | None
    base_csed: date | None
    toll_days: int | None
    open_tolling: bool
    adjusted_csed: date | None
    days_remaining: int | None
    csed_status: str


class YearCsed(BaseModel):
    """`csed_by_year` (DOMAIN 4.8), with the assessments it is built from."""

    earliest_csed: date | None
    latest_csed: date | None
    csed_status: str
    total_toll_days: int | None
    months_until_latest_csed: int | None
    assessment_count: int
    assessments: list[AssessmentCsed] = Field(default_factory=list)


class YearFlags(BaseModel):
    """`tax_year_flags` (DOMAIN 4.9)."""

    sfr_indicator: bool
    sfr_date: date | None
    sfr_csed: date | None
    aur_indicator: bool | None
    aur_projected_amount: Money | None
    exam_indicator: bool


class TaxModule(BaseModel):
    """One owner's account for the year: `TP` (taxpayer) or `S` (spouse)."""

    owner: str
    balance: YearBalance | None
    csed: YearCsed | None
    flags: YearFlags | None


class TaxProjection(BaseModel):
    """`tax_projections` (DOMAIN 4.10): `joint` for MFJ, else one per person (`TP`, `S`)."""

    scope: str
    tax_period: str
    filing_status: str
    tp_income: Money | None
    spouse_income: Money | None
    combined_income: Money
    combined_withholding: Money
    se_income: Money
    se_taxable_earnings: Money
    se_social_security: Money | None
    se_medicare: Money
    se_tax: Money | None
    early_withdrawal_penalty: Money
    se_deduction: Money | None
    estimated_agi: Money | None
    standard_deduction: Money | None
    taxable_income: Money | None
    income_tax: Money | None
    total_tax: Money | None
    projected_balance: Money | None


class TaxYearSummary(BaseModel):
    tax_year: int
    modules: list[TaxModule]
    projections: list[TaxProjection]


class IncomeSource(BaseModel):
    """`income_sources` (DOMAIN 4.4): `interview` rows are the current monthly picture, `wi`
    rows the history of one tax year."""

    source: str
    period: str
    person_type: str
    income_type: str
    amount: Money
    frequency: str
    monthly_amount: Money
    gross_amount: Money | None
    expense_amount: Money | None
    description: str | None


class ExpenseLine(BaseModel):
    """`monthly_expenses` (DOMAIN 4.5)."""

    expense_category: str
    expense_subcategory: str
    actual_amount: Money | None
    irs_standard_amount: Money | None
    standard_kind: str
    allowed_amount: Money | None
    excess_over_standard: Money | None
    needs_review: bool


class FinancialAccount(BaseModel):
    account_type: str
    institution_name: str | None
    current_balance: Money | None
    loan_balance: Money | None
    equity: Money | None
    balance_date: date | None


class Vehicle(BaseModel):
    year: int | None
    make: str | None
    model: str | None
    vehicle_type: str
    current_value: Money | None
    loan_balance: Money | None
    monthly_payment: Money | None
    equity: Money | None


class RealProperty(BaseModel):
    property_type: str
    current_market_value: Money | None
    mortgage_balance: Money | None
    monthly_payment: Money | None
    equity: Money | None


class OtherAsset(BaseModel):
    asset_kind: str
    current_value: Money | None
    loan_balance: Money | None
    equity: Money | None


class Assets(BaseModel):
    """DOMAIN 4.6."""

    financial_accounts: list[FinancialAccount]
    vehicles: list[Vehicle]
    real_property: list[RealProperty]
    other_assets: list[OtherAsset]


class FinancialStatement(BaseModel):
    """The case's monthly picture: totals from `resolution_options`, lines from their tables."""

    total_monthly_income: Money | None
    total_allowable_expenses: Money | None
    disposable_income: Money | None
    income_sources: list[IncomeSource]
    expenses: list[ExpenseLine]
    assets: Assets


class ResolutionOptions(BaseModel):
    """`resolution_options` (DOMAIN 4.11), with the policy factors it was computed with."""

    policy_name: str
    total_debt: Money
    ia_monthly_payment: Money | None
    ia_payoff_months: int | None
    months_until_csed: int | None
    ia_eligible: bool | None
    quick_sale_value: Money | None
    qsv_factor: Factor
    offer_type: str
    future_income_months: int
    future_income_potential: Money | None
    rcp: Money | None
    offer_factor: Factor
    recommended_offer: Money | None
    oic_threshold: Factor
    oic_eligible: bool | None
    cnc_eligible: bool | None


class Assumption(BaseModel):
    """An assumption a stored Gold value rests on, and which row it belongs to."""

    table: str
    tax_year: int | None
    row: str | None = Field(description="The row's key within the case and year, if any.")
    code: str


class EarlierPayloadUsed(BaseModel):
    """A source the run that built Gold did not fetch: Silver and Gold use an older payload."""

    source: str
    state_in_run: FetchState = Field(description="Why that run has no payload of its own.")
    fetched_at: datetime | None = Field(description="When the payload used was fetched.")


class CaseSummary(BaseModel):
    case_id: str
    case_number: str
    as_of_date: date | None = Field(
        description="The date the Gold build treated as today; null when Gold is not built."
    )
    computed_at: datetime | None
    tax_years: list[TaxYearSummary]
    financial_statement: FinancialStatement
    resolution_options: ResolutionOptions | None
    assumptions: list[Assumption]
    # Warnings the run that built the current Gold rows recorded, and one `earlier_payload_used`
    # per entry of earlier_payloads.
    warnings: list[Notice]
    changes: BuildChanges | None = Field(
        default=None,
        description="The changes the latest Gold build found, by severity (DOMAIN §7); null "
        "before the first build.",
    )
    earlier_payloads: list[EarlierPayloadUsed] = Field(
        default=[],
        description="Sources the run that built the current Gold rows did not fetch (failed, "
        "skipped, absent), whose older payload Silver and Gold use; empty when it fetched all.",
    )
