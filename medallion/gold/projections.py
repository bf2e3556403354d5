"""`tax_projections` (DOMAIN 4.10): the tax a year's WI forms imply, against what was withheld.

One row per year and scope: `joint` when the year's filing status is MFJ, else one per person
with input forms (`TP`, `S`). The SE tax (steps 5–8) is worked per person, from that person's
own SE income and W-2 wages, so the 400 floor and the wage-base cap apply to each person; the
stored columns are the sums over the scope. Values stay unrounded through the chain of steps
and are rounded once, when stored.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.balances import ProjectedBalance, ProjectionKey
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.money import sum_present, to_cents
from medallion.gold.projection_steps import (
    PersonFigures,
    ScopeFigures,
    early_withdrawal_base,
    person_figures,
    scope_figures,
)
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import IncomeDocument, TaxYear

TABLE = "tax_projections"

PERSON_SCOPES = {"taxpayer": "TP", "spouse": "S"}
JOINT = "joint"
ASSUMED_FILING_STATUS = "SINGLE"


@dataclass(frozen=True)
class TaxProjectionRow:
    case_id: str
    tax_year: int
    scope: str
    tax_period: str
    filing_status: str
    tp_income: Decimal | None
    spouse_income: Decimal | None
    tp_withholding: Decimal | None
    spouse_withholding: Decimal | None
    combined_income: Decimal
    combined_withholding: Decimal
    tp_se_income: Decimal | None
    spouse_se_income: Decimal | None
    se_income: Decimal
    se_taxable_earnings: Decimal
    se_social_security: Decimal | None
    se_medicare: Decimal
    se_tax: Decimal | None
    early_withdrawal_penalty: Decimal
    se_deduction: Decimal | None
    estimated_agi: Decimal | None
    standard_deduction: Decimal | None
    taxable_income: Decimal | None
    income_tax: Decimal | None
    total_tax: Decimal | None
    projected_balance: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_tax_projections(ctx: GoldContext) -> Built[TaxProjectionRow]:
    inputs_by_year: dict[int, list[IncomeDocument]] = defaultdict(list)
    for document in ctx.silver.income_documents:
        if document.is_input:
            inputs_by_year[document.tax_year].append(document)

    rows: list[TaxProjectionRow] = []
    warnings: list[Notice] = []
    for tax_year, documents in sorted(inputs_by_year.items()):
        year_row = _filing_status_source(ctx.silver.tax_years, tax_year)
        filing_status = None if year_row is None else year_row.filing_status
        for scope, persons in _scopes(filing_status, documents):
            row, row_warnings = _projection(
                ctx, tax_year, scope, persons, documents, filing_status, year_row
            )
            rows.append(row)
            warnings.extend(row_warnings)
    return Built(rows=tuple(rows), warnings=tuple(warnings))


def projected_balances(
    rows: Iterable[TaxProjectionRow],
) -> Mapping[ProjectionKey, ProjectedBalance]:
    """The stored `projected_balance` of each (year, scope), for `year_balances` (4.7)."""
    return {
        (row.tax_year, row.scope): ProjectedBalance(row.projected_balance, row.source_bronze_ids)
        for row in rows
    }


def _filing_status_source(tax_years: Sequence[TaxYear], tax_year: int) -> TaxYear | None:
    """The year's `TP` row when it has a filing status, else its `S` row."""
    candidates = [y for y in tax_years if y.tax_year == tax_year and y.filing_status is not None]
    candidates.sort(key=lambda y: 0 if y.owner == "TP" else 1)
    return candidates[0] if candidates else None


def _scopes(
    filing_status: str | None, documents: Sequence[IncomeDocument]
) -> list[tuple[str, tuple[str, ...]]]:
    """(scope, person types in it): one joint scope for MFJ, else one per person with forms."""
    persons = tuple(p for p in PERSON_SCOPES if any(d.person_type == p for d in documents))
    if filing_status == "MFJ":
        return [(JOINT, persons)]
    return [(PERSON_SCOPES[p], (p,)) for p in persons]


def _projection(
    ctx: GoldContext,
    tax_year: int,
    scope: str,
    persons: tuple[str, ...],
    documents: Sequence[IncomeDocument],
    filing_status: str | None,
    year_row: TaxYear | None,
) -> tuple[TaxProjectionRow, list[Notice]]:
    tables = ctx.reference.tax_tables
    assumptions: list[str] = []
    warnings: list[Notice] = []

    def assume(code: str, detail: str) -> None:
        if code not in assumptions:
            assumptions.append(code)
        warnings.append(gold_notice(code, tax_year, f"{_period(tax_year, scope)}: {detail}"))

    if filing_status is None:
        filing_status = ASSUMED_FILING_STATUS
        assume("filing_status_assumed", "filing status unknown; projected as SINGLE")

    wage_base = tables.ss_wage_base(tax_year)
    wage_forms = ctx.reference.wage_form_types()
    people: dict[str, PersonFigures] = {
        p: person_figures([d for d in documents if d.person_type == p], wage_forms, wage_base)
        for p in persons
    }
    if any(f.needs_wage_base for f in people.values()) and wage_base is None:
        assume("missing_reference_year", f"no ss_wage_base row for {tax_year}")

    scope_documents = [d for d in documents if d.person_type in persons]
    penalty_base, missing_codes = early_withdrawal_base(scope_documents)
    if missing_codes:
        assume(
            "distribution_code_missing",
            f"{missing_codes} 1099-R form(s) without a distribution code left out of the "
            "early-withdrawal penalty",
        )

    standard_deduction = tables.standard_deduction(tax_year, filing_status)
    if standard_deduction is None:
        assume(
            "missing_reference_year", f"no standard_deductions row for {tax_year} {filing_status}"
        )
    brackets = tables.brackets_for(tax_year, filing_status)
    if brackets is None:
        assume("missing_reference_year", f"no tax_brackets rows for {tax_year} {filing_status}")

    figures = scope_figures(people.values(), penalty_base, standard_deduction, brackets)
    row = _row(
        ctx,
        tax_year,
        scope,
        filing_status,
        people,
        figures,
        scope_documents,
        year_row,
        tuple(assumptions),
    )
    return row, warnings


def _row(
    ctx: GoldContext,
    tax_year: int,
    scope: str,
    filing_status: str,
    people: Mapping[str, PersonFigures],
    f: ScopeFigures,
    documents: Sequence[IncomeDocument],
    year_row: TaxYear | None,
    assumptions: tuple[str, ...],
) -> TaxProjectionRow:
    def person_value(person: str, attribute: str) -> Decimal | None:
        """A person's figure; null when the person is outside the scope."""
        if person not in PERSON_SCOPES or (scope != JOINT and PERSON_SCOPES[person] != scope):
            return None
        figures = people.get(person)
        return Decimal(0) if figures is None else getattr(figures, attribute)

    return TaxProjectionRow(
        case_id=ctx.case_id,
        tax_year=tax_year,
        scope=scope,
        tax_period=_period(tax_year, scope),
        filing_status=filing_status,
        tp_income=to_cents(person_value("taxpayer", "income")),
        spouse_income=to_cents(person_value("spouse", "income")),
        tp_withholding=to_cents(person_value("taxpayer", "withholding")),
        spouse_withholding=to_cents(person_value("spouse", "withholding")),
        combined_income=to_cents(f.combined_income),
        combined_withholding=to_cents(f.combined_withholding),
        tp_se_income=to_cents(person_value("taxpayer", "se_income")),
        spouse_se_income=to_cents(person_value("spouse", "se_income")),
        se_income=to_cents(sum_present(p.se_income for p in people.values())),
        se_taxable_earnings=to_cents(f.se_taxable_earnings),
        se_social_security=to_cents(f.se_social_security),
        se_medicare=to_cents(f.se_medicare),
        se_tax=to_cents(f.se_tax),
        early_withdrawal_penalty=to_cents(f.early_withdrawal_penalty),
        se_deduction=to_cents(f.se_deduction),
        estimated_agi=to_cents(f.estimated_agi),
        standard_deduction=to_cents(f.standard_deduction),
        taxable_income=to_cents(f.taxable_income),
        income_tax=to_cents(f.income_tax),
        total_tax=to_cents(f.total_tax),
        projected_balance=to_cents(f.projected_balance),
        source_bronze_ids=lineage(
            [*(d.bronze_id for d in documents), None if year_row is None else year_row.bronze_id]
        ),
        as_of_date=ctx.as_of,
        assumptions=assumptions,
    )


def _period(tax_year: int, scope: str) -> str:
    return str(tax_year) if scope == JOINT else f"{tax_year}-{scope}"
