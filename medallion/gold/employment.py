"""`employment_information` (DOMAIN 4.2): one row per person with employment data."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import IncomeDocument, InterviewSnapshot

TABLE = "employment_information"

# Snapshot columns of a person's employment, without their `tp_`/`sp_` prefix. The spouse row
# exists only when one of these is present (no spouse row invented for every case).
EMPLOYMENT_FIELDS = (
    "employer",
    "employer_address",
    "employer_phone",
    "occupation",
    "employment_status",
    "employment_start",
    "gross_income",
    "net_income",
    "pay_frequency",
    "monthly_income",
)

PERSON_PREFIXES = {"taxpayer": "tp_", "spouse": "sp_"}


@dataclass(frozen=True)
class EmploymentRow:
    case_id: str
    person_type: str
    employer_name: str | None
    employer_address: str | None
    employer_phone: str | None
    occupation: str | None
    employment_status: str | None
    employment_start_date: datetime.date | None
    pay_frequency: str | None
    gross_annual_income: Decimal | None
    net_annual_income: Decimal | None
    gross_monthly_income: Decimal | None
    net_monthly_income: Decimal | None
    is_self_employed: bool | None
    latest_wi_year: int | None
    latest_wi_w2_total: Decimal | None
    latest_wi_se_total: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class LatestWiFigures:
    """A person's input forms in the case's latest WI year (4.2)."""

    year: int
    is_self_employed: bool
    wage_total: Decimal
    se_total: Decimal
    bronze_ids: tuple[UUID, ...]


def build_employment(ctx: GoldContext) -> Built[EmploymentRow]:
    snapshot = ctx.silver.snapshot
    if snapshot is None:
        return Built(rows=())
    rows: list[EmploymentRow] = []
    warnings: list[Notice] = []
    for person_type, prefix in PERSON_PREFIXES.items():
        columns = tuple(prefix + name for name in EMPLOYMENT_FIELDS)
        if person_type == "spouse" and not snapshot.any_present(columns):
            continue
        row, row_warnings = _person_row(ctx, snapshot, person_type, prefix)
        rows.append(row)
        warnings.extend(row_warnings)
    return Built(rows=tuple(rows), warnings=tuple(warnings))


def _person_row(
    ctx: GoldContext, snapshot: InterviewSnapshot, person_type: str, prefix: str
) -> tuple[EmploymentRow, list[Notice]]:
    warnings: list[Notice] = []
    assumptions: list[str] = []

    raw_frequency = snapshot.text(prefix + "pay_frequency")
    pay_frequency = ctx.reference.frequencies.normalise(raw_frequency)
    if raw_frequency is not None and pay_frequency is None:
        warnings.append(
            gold_notice(
                "unrecognised_frequency",
                None,
                f"{person_type} pay frequency is not a known frequency; stored as null",
            )
        )

    # The interview's gross income is annual: its documented examples pair it with a monthly
    # figure of one twelfth (52,400 ↔ 4,366.67).
    gross_annual = snapshot.money(prefix + "gross_income")
    net_annual = snapshot.money(prefix + "net_income")
    gross_monthly = snapshot.money(prefix + "monthly_income")
    if gross_monthly is None and gross_annual is not None:
        gross_monthly = gross_annual / 12
        assumptions.append("monthly_from_annual")
        warnings.append(
            gold_notice(
                "monthly_from_annual",
                None,
                f"{person_type} gross monthly income taken as gross annual income / 12",
            )
        )

    wi = _latest_wi_figures(ctx, person_type)
    row = EmploymentRow(
        case_id=ctx.case_id,
        person_type=person_type,
        employer_name=snapshot.text(prefix + "employer"),
        employer_address=snapshot.text(prefix + "employer_address"),
        employer_phone=snapshot.text(prefix + "employer_phone"),
        occupation=snapshot.text(prefix + "occupation"),
        employment_status=snapshot.text(prefix + "employment_status"),
        employment_start_date=snapshot.day(prefix + "employment_start"),
        pay_frequency=pay_frequency,
        gross_annual_income=to_cents(gross_annual),
        net_annual_income=to_cents(net_annual),
        gross_monthly_income=to_cents(gross_monthly),
        net_monthly_income=to_cents(None if net_annual is None else net_annual / 12),
        is_self_employed=None if wi is None else wi.is_self_employed,
        latest_wi_year=None if wi is None else wi.year,
        latest_wi_w2_total=None if wi is None else to_cents(wi.wage_total),
        latest_wi_se_total=None if wi is None else to_cents(wi.se_total),
        source_bronze_ids=lineage([snapshot.bronze_id, *(() if wi is None else wi.bronze_ids)]),
        as_of_date=ctx.as_of,
        assumptions=tuple(assumptions),
    )
    return row, warnings


def _latest_wi_figures(ctx: GoldContext, person_type: str) -> LatestWiFigures | None:
    """None when the case has no WI forms at all (then nothing is known about SE status).

    The latest WI year is the case's latest year with any form, not the person's, so a person
    without forms that year gets zeros rather than an older year's figures.
    """
    documents = ctx.silver.income_documents
    if not documents:
        return None
    latest_year = max(d.tax_year for d in documents)
    inputs: list[IncomeDocument] = [
        d
        for d in documents
        if d.tax_year == latest_year and d.person_type == person_type and d.is_input
    ]
    wage_forms = ctx.reference.wage_form_types()
    return LatestWiFigures(
        year=latest_year,
        is_self_employed=any(d.is_self_employment for d in inputs),
        wage_total=sum_present(d.gross_amount for d in inputs if d.form_type in wage_forms),
        se_total=sum_present(d.gross_amount for d in inputs if d.is_self_employment),
        bronze_ids=lineage(d.bronze_id for d in inputs),
    )
