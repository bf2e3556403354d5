"""`income_sources` (DOMAIN 4.4): the interview's current monthly income and WI history.

Interview rows (`period = 'current'`) are monthly: the interview income section is monthly
(one earlier loader divided it by 12 as if annual). WI rows (`period` = the tax year) are
annual sums of the year's input forms, converted to monthly by 4.1.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import IncomeDocument, InterviewSnapshot

TABLE = "income_sources"

INTERVIEW_FREQUENCY = "monthly"
WI_FREQUENCY = "annual"


@dataclass(frozen=True)
class InterviewIncomeLine:
    income_type: str
    person_type: str
    column: str
    description: str


# Every interview income line but rental, which nets two columns (see `_rental_net`).
INTERVIEW_LINES = (
    InterviewIncomeLine("wages", "taxpayer", "tp_wages", "taxpayer wages"),
    InterviewIncomeLine("wages", "spouse", "sp_wages", "spouse wages"),
    InterviewIncomeLine(
        "social_security", "taxpayer", "tp_social_security", "taxpayer social security"
    ),
    InterviewIncomeLine(
        "social_security", "spouse", "sp_social_security", "spouse social security"
    ),
    InterviewIncomeLine("pension", "taxpayer", "tp_pension", "taxpayer pension"),
    InterviewIncomeLine("pension", "spouse", "sp_pension", "spouse pension"),
    InterviewIncomeLine(
        "dividends_interest", "joint", "dividends_interest", "dividends and interest"
    ),
    InterviewIncomeLine("distributions", "joint", "distributions", "distributions"),
    InterviewIncomeLine("alimony", "joint", "alimony", "alimony"),
    InterviewIncomeLine("child_support", "joint", "child_support", "child support"),
    InterviewIncomeLine("other", "joint", "other_income", "other income"),
    InterviewIncomeLine("additional_1", "joint", "additional_income_1", "additional income 1"),
    InterviewIncomeLine("additional_2", "joint", "additional_income_2", "additional income 2"),
)


@dataclass(frozen=True)
class IncomeSourceRow:
    case_id: str
    source: str
    period: str
    person_type: str
    income_type: str
    amount: Decimal
    frequency: str
    monthly_amount: Decimal
    gross_amount: Decimal | None
    expense_amount: Decimal | None
    description: str | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_income_sources(ctx: GoldContext) -> Built[IncomeSourceRow]:
    interview = _interview_rows(ctx)
    wi = _wi_rows(ctx)
    rows = sorted(
        (*interview.rows, *wi.rows),
        key=lambda r: (r.source, r.period, r.person_type, r.income_type),
    )
    return Built(rows=tuple(rows), warnings=interview.warnings + wi.warnings)


def _interview_rows(ctx: GoldContext) -> Built[IncomeSourceRow]:
    snapshot = ctx.silver.snapshot
    if snapshot is None:
        return Built(rows=())
    rows: list[IncomeSourceRow] = []
    for line in INTERVIEW_LINES:
        amount = snapshot.money(line.column)
        # A row exists only for an amount the interview gives; 0 is an answer and is kept.
        if amount is not None:
            rows.append(
                _interview_row(
                    ctx,
                    snapshot,
                    line.income_type,
                    line.person_type,
                    amount,
                    description=line.description,
                )
            )
    rental = _rental_net(ctx, snapshot)
    if rental is not None:
        rows.append(rental)
    return Built(rows=tuple(rows))


def _rental_net(ctx: GoldContext, snapshot: InterviewSnapshot) -> IncomeSourceRow | None:
    """Gross rent less rental expenses; a null side counts as 0 when the other is present.

    Expenses reduce income (they used to be added to it), and a loss stays negative here;
    whether a loss may offset other income is for the consumer of this row to decide.
    """
    gross = snapshot.money("rental_gross")
    expenses = snapshot.money("rental_expenses")
    if gross is None and expenses is None:
        return None
    net = (gross or Decimal(0)) - (expenses or Decimal(0))
    return _interview_row(
        ctx,
        snapshot,
        "rental_net",
        "joint",
        net,
        description="rental income less expenses",
        gross_amount=gross,
        expense_amount=expenses,
    )


def _interview_row(
    ctx: GoldContext,
    snapshot: InterviewSnapshot,
    income_type: str,
    person_type: str,
    amount: Decimal,
    *,
    description: str,
    gross_amount: Decimal | None = None,
    expense_amount: Decimal | None = None,
) -> IncomeSourceRow:
    monthly = ctx.reference.frequencies.to_monthly(amount, INTERVIEW_FREQUENCY)
    return IncomeSourceRow(
        case_id=ctx.case_id,
        source="interview",
        period="current",
        person_type=person_type,
        income_type=income_type,
        amount=to_cents(amount),
        frequency=INTERVIEW_FREQUENCY,
        monthly_amount=to_cents(monthly),
        gross_amount=to_cents(gross_amount),
        expense_amount=to_cents(expense_amount),
        description=description,
        source_bronze_ids=lineage([snapshot.bronze_id]),
        as_of_date=ctx.as_of,
        assumptions=(),
    )


def _wi_rows(ctx: GoldContext) -> Built[IncomeSourceRow]:
    groups: dict[tuple[int, str, str], list[IncomeDocument]] = defaultdict(list)
    for document in ctx.silver.income_documents:
        if document.is_input:
            income_type, person_type = _wi_income_type(ctx, document)
            groups[(document.tax_year, person_type, income_type)].append(document)

    rows: list[IncomeSourceRow] = []
    warnings: list[Notice] = []
    for (tax_year, person_type, income_type), documents in sorted(groups.items()):
        assumptions: tuple[str, ...] = ()
        missing = sum(1 for d in documents if d.gross_amount is None)
        if missing:
            assumptions = ("form_amount_missing",)
            warnings.append(
                gold_notice(
                    "form_amount_missing",
                    tax_year,
                    f"{missing} {income_type} form(s) of the {person_type} carry no amount; "
                    "left out of the year's sum",
                )
            )
        amount = sum_present(d.gross_amount for d in documents)
        rows.append(
            IncomeSourceRow(
                case_id=ctx.case_id,
                source="wi",
                period=str(tax_year),
                person_type=person_type,
                income_type=income_type,
                amount=to_cents(amount),
                frequency=WI_FREQUENCY,
                monthly_amount=to_cents(ctx.reference.frequencies.to_monthly(amount, WI_FREQUENCY)),
                gross_amount=None,
                expense_amount=None,
                description=_form_list(documents),
                source_bronze_ids=lineage(d.bronze_id for d in documents),
                as_of_date=ctx.as_of,
                assumptions=assumptions,
            )
        )
    return Built(rows=tuple(rows), warnings=tuple(warnings))


def _wi_income_type(ctx: GoldContext, document: IncomeDocument) -> tuple[str, str]:
    """(income_type, person_type) of a WI input form."""
    if document.is_self_employment:
        return "self_employment", document.person_type
    rule = ctx.reference.wi_income_types.get(document.form_type or "")
    if rule is None:
        return "other", "joint"
    return rule.income_type, document.person_type if rule.per_person else "joint"


def _form_list(documents: list[IncomeDocument]) -> str:
    counts = Counter(d.form_type or "unknown" for d in documents)
    return "forms: " + ", ".join(f"{form} ({n})" for form, n in sorted(counts.items()))
