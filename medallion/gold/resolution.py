"""`resolution_options` (DOMAIN 4.11): one row per case, from the Gold rows built before it.

Figures read from other Gold tables are their stored (rounded) values; figures computed here
stay unrounded through the chain and are rounded once, when stored. Policy factors come from
`resolution_policy`.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.assets import (
    FinancialAccountRow,
    OtherAssetRow,
    RealPropertyRow,
    VehicleRow,
)
from medallion.gold.balances import YearBalanceRow
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.csed import CsedYearRow
from medallion.gold.dates import months_between
from medallion.gold.expenses import ExpenseRow
from medallion.gold.income import IncomeSourceRow
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice

TABLE = "resolution_options"

INTERVIEW_SOURCE = "interview"
RENTAL_NET = "rental_net"
# Counted at 100 % in the quick-sale value: money is already liquid.
CASH_ACCOUNT_TYPES = frozenset({"checking", "savings", "other", "bank_total", "cash"})
FULL_VALUE = Decimal(1)
ZERO = Decimal(0)


@dataclass(frozen=True)
class ResolutionInputs:
    """The case's Gold rows that resolution options are computed from."""

    income_sources: Sequence[IncomeSourceRow]
    monthly_expenses: Sequence[ExpenseRow]
    year_balances: Sequence[YearBalanceRow]
    csed_by_year: Sequence[CsedYearRow]
    financial_accounts: Sequence[FinancialAccountRow]
    vehicles: Sequence[VehicleRow]
    real_property: Sequence[RealPropertyRow]
    other_assets: Sequence[OtherAssetRow]


@dataclass(frozen=True)
class ResolutionOptionsRow:
    case_id: str
    policy_name: str
    total_monthly_income: Decimal | None
    total_allowable_expenses: Decimal | None
    disposable_income: Decimal | None
    total_debt: Decimal
    ia_monthly_payment: Decimal | None
    ia_payoff_months: int | None
    months_until_csed: int | None
    ia_eligible: bool | None
    quick_sale_value: Decimal | None
    qsv_factor: Decimal
    offer_type: str
    future_income_months: int
    future_income_potential: Decimal | None
    rcp: Decimal | None
    offer_factor: Decimal
    recommended_offer: Decimal | None
    oic_threshold: Decimal
    oic_eligible: bool | None
    cnc_eligible: bool | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Asset:
    value: Decimal | None
    loan: Decimal | None
    factor: Decimal


def build_resolution_options(
    ctx: GoldContext, inputs: ResolutionInputs
) -> Built[ResolutionOptionsRow]:
    """The case's row; none for a case with neither an interview nor a tax year."""
    has_interview = ctx.silver.snapshot is not None
    if not has_interview and not ctx.silver.tax_years:
        return Built(rows=())
    policy = ctx.reference.resolution_policy
    assumptions: list[str] = []
    warnings: list[Notice] = []

    owed_years = [y for y in inputs.year_balances if _has_balance(y)]
    total_debt = sum_present(y.payoff_balance for y in owed_years)
    months_until_csed, unknown_years = _months_until_csed(ctx, owed_years, inputs.csed_by_year)
    if unknown_years:
        assumptions.append("csed_unknown")
        warnings.append(
            gold_notice(
                "csed_unknown",
                None,
                f"{unknown_years} year(s) with a balance have no known CSED (no assessment or "
                "open tolling); left out of months_until_csed",
            )
        )

    # Without an interview an empty Σ would make every such case look currently not
    # collectible: income, expenses, assets and all built on them stay null.
    income = expenses = qsv = None
    if has_interview:
        income = total_monthly_income(inputs.income_sources)
        expenses = sum_present(e.allowed_amount for e in inputs.monthly_expenses)
        qsv = quick_sale_value(_assets(inputs, policy.qsv_factor))
    else:
        assumptions.append("no_interview")
    disposable = None if income is None or expenses is None else income - expenses
    payment = None if disposable is None else max(ZERO, disposable)
    payoff_months = math.ceil(total_debt / payment) if payment is not None and payment > 0 else None
    potential = None if payment is None else payment * policy.future_income_months
    rcp = None if qsv is None or potential is None else qsv + potential
    row = ResolutionOptionsRow(
        case_id=ctx.case_id,
        policy_name=policy.policy_name,
        total_monthly_income=to_cents(income),
        total_allowable_expenses=to_cents(expenses),
        disposable_income=to_cents(disposable),
        total_debt=to_cents(total_debt),
        ia_monthly_payment=to_cents(payment),
        ia_payoff_months=payoff_months,
        months_until_csed=months_until_csed,
        ia_eligible=ia_eligible(payment, payoff_months, months_until_csed),
        quick_sale_value=to_cents(qsv),
        qsv_factor=policy.qsv_factor,
        offer_type=policy.offer_type,
        future_income_months=policy.future_income_months,
        future_income_potential=to_cents(potential),
        rcp=to_cents(rcp),
        offer_factor=policy.offer_factor,
        recommended_offer=to_cents(None if rcp is None else rcp * policy.offer_factor),
        oic_threshold=policy.oic_threshold,
        oic_eligible=(
            None
            if rcp is None or disposable is None
            else rcp < total_debt * policy.oic_threshold and disposable >= 0
        ),
        cnc_eligible=None if disposable is None else disposable <= 0,
        source_bronze_ids=_lineage(ctx, inputs, owed_years),
        as_of_date=ctx.as_of,
        assumptions=tuple(assumptions),
    )
    return Built(rows=(row,), warnings=tuple(warnings))


def total_monthly_income(income_sources: Iterable[IncomeSourceRow]) -> Decimal:
    """Σ of every interview income line; a rental loss counts as 0 (it does not offset other
    income, as on Form 433-A)."""
    return sum_present(
        max(ZERO, r.monthly_amount) if r.income_type == RENTAL_NET else r.monthly_amount
        for r in income_sources
        if r.source == INTERVIEW_SOURCE
    )


def quick_sale_value(assets: Iterable[Asset]) -> Decimal:
    """Σ max(0, value × factor − loan): a null loan counts as 0, an asset without a value is
    left out, and an asset under water never reduces the others."""
    return sum_present(
        max(ZERO, a.value * a.factor - (a.loan or ZERO)) for a in assets if a.value is not None
    )


def ia_eligible(
    payment: Decimal | None, payoff_months: int | None, months_until_csed: int | None
) -> bool | None:
    """Pays off before the CSED; false when nothing can be paid, unknown without a CSED."""
    if payment is None:
        return None
    if payment <= 0:
        return False
    if months_until_csed is None or payoff_months is None:
        return None
    return payoff_months < months_until_csed


def _has_balance(year: YearBalanceRow) -> bool:
    return year.payoff_balance is not None and year.payoff_balance > 0


def _months_until_csed(
    ctx: GoldContext, owed_years: Sequence[YearBalanceRow], csed_years: Sequence[CsedYearRow]
) -> tuple[int | None, int]:
    """Months to the latest `latest_csed` of the years with a balance (policy: the latest; the
    earliest is the conservative alternative), and how many such years had none."""
    latest_by_year = {(c.tax_year, c.owner): c.latest_csed for c in csed_years}
    known = []
    unknown = 0
    for year in owed_years:
        latest = latest_by_year.get((year.tax_year, year.owner))
        if latest is None:
            unknown += 1
        else:
            known.append(latest)
    if not known:
        return None, unknown
    return months_between(ctx.as_of, max(known)), unknown


def _assets(inputs: ResolutionInputs, qsv_factor: Decimal) -> list[Asset]:
    return [
        *(
            Asset(
                a.current_balance,
                a.loan_balance,
                FULL_VALUE if a.account_type in CASH_ACCOUNT_TYPES else qsv_factor,
            )
            for a in inputs.financial_accounts
        ),
        *(Asset(v.current_value, v.loan_balance, qsv_factor) for v in inputs.vehicles),
        *(
            Asset(p.current_market_value, p.mortgage_balance, qsv_factor)
            for p in inputs.real_property
        ),
        *(Asset(o.current_value, o.loan_balance, qsv_factor) for o in inputs.other_assets),
    ]


def _lineage(
    ctx: GoldContext, inputs: ResolutionInputs, owed_years: Sequence[YearBalanceRow]
) -> tuple[UUID, ...]:
    owed = {(y.tax_year, y.owner) for y in owed_years}
    rows: list[Sequence[UUID]] = [y.source_bronze_ids for y in owed_years]
    rows.extend(c.source_bronze_ids for c in inputs.csed_by_year if (c.tax_year, c.owner) in owed)
    if ctx.silver.snapshot is not None:
        rows.append([ctx.silver.snapshot.bronze_id])
        rows.extend(
            r.source_bronze_ids for r in inputs.income_sources if r.source == INTERVIEW_SOURCE
        )
        for group in (
            inputs.monthly_expenses,
            inputs.financial_accounts,
            inputs.vehicles,
            inputs.real_property,
            inputs.other_assets,
        ):
            rows.extend(r.source_bronze_ids for r in group)
    return lineage(b for ids in rows for b in ids)
