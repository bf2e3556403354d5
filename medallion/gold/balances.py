"""`year_balances` (DOMAIN 4.7): one row per Silver `tax_years` row.

Amounts in `account_activity` are signed (credits negative, 3.4), so the calculated balance is
their plain sum; the inherited functions that negated payments a second time are not followed.
"""

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import Activity, TaxYear

TABLE = "year_balances"

# Gross charges: abatements are not netted against them.
ASSESSED_TYPES = frozenset({"return_filed", "assessment", "penalty", "interest", "fee"})
PAID_TYPES = frozenset({"payment", "credit", "credit_eic", "withholding"})
# Lien filing is normally TC 582 and release TC 583; 602/603 are the inherited, unverified codes.
LIEN_FILED_CODES = frozenset({"582", "602"})
LIEN_RELEASED_CODES = frozenset({"583", "603"})

MISMATCH_TOLERANCE = Decimal("1.00")
COLLECTION_WINDOW_DAYS = 365

ProjectionKey = tuple[int, str]  # (tax_year, scope): scope `joint`, `TP` or `S`


@dataclass(frozen=True)
class ProjectedBalance:
    amount: Decimal | None
    bronze_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class YearBalanceRow:
    case_id: str
    tax_year: int
    owner: str
    reported_balance: Decimal | None
    accrued_interest: Decimal | None
    accrued_penalty: Decimal | None
    payoff_balance: Decimal | None
    calculated_balance: Decimal
    reconciliation_delta: Decimal | None
    total_assessed: Decimal
    total_paid: Decimal
    lien_filed: bool
    last_collection_action_date: datetime.date | None
    collection_action_last_365d: bool
    projected_balance: Decimal | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_year_balances(
    ctx: GoldContext, projections: Mapping[ProjectionKey, ProjectedBalance] | None = None
) -> Built[YearBalanceRow]:
    """`projections`: the year's `tax_projections.projected_balance` by (year, scope)."""
    activity_by_module: dict[tuple[int, str], list[Activity]] = defaultdict(list)
    for activity in ctx.silver.activity:
        activity_by_module[(activity.tax_year, activity.owner)].append(activity)

    rows: list[YearBalanceRow] = []
    warnings: list[Notice] = []
    for year in ctx.silver.tax_years:
        module_activity = activity_by_module.get((year.tax_year, year.owner), [])
        row = _year_row(ctx, year, module_activity, projections or {})
        rows.append(row)
        delta, reported = row.reconciliation_delta, row.reported_balance
        if delta is not None and reported is not None and abs(delta) > MISMATCH_TOLERANCE:
            warnings.append(_mismatch_warning(row))
    return Built(rows=tuple(rows), warnings=tuple(warnings))


def _year_row(
    ctx: GoldContext,
    year: TaxYear,
    activity: Sequence[Activity],
    projections: Mapping[ProjectionKey, ProjectedBalance],
) -> YearBalanceRow:
    calculated = sum_present(a.amount for a in activity if a.affects_balance)
    reported = year.account_balance
    delta = None if reported is None else calculated - reported
    collection_dates = [
        a.activity_date
        for a in activity
        if a.indicates_collection_action and a.activity_date <= ctx.as_of
    ]
    last_collection = max(collection_dates, default=None)
    window_start = ctx.as_of - datetime.timedelta(days=COLLECTION_WINDOW_DAYS - 1)
    projected = None if year.return_filed is True else _projection_for(year, projections)
    return YearBalanceRow(
        case_id=ctx.case_id,
        tax_year=year.tax_year,
        owner=year.owner,
        reported_balance=reported,
        accrued_interest=year.accrued_interest,
        accrued_penalty=year.accrued_penalty,
        payoff_balance=to_cents(payoff_balance(year)),
        calculated_balance=to_cents(calculated),
        reconciliation_delta=to_cents(delta),
        total_assessed=to_cents(
            sum_present(a.amount for a in activity if a.transaction_type in ASSESSED_TYPES)
        ),
        total_paid=to_cents(
            -sum_present(a.amount for a in activity if a.transaction_type in PAID_TYPES)
        ),
        lien_filed=lien_filed(activity),
        last_collection_action_date=last_collection,
        collection_action_last_365d=any(window_start <= d for d in collection_dates),
        projected_balance=None if projected is None else to_cents(projected.amount),
        source_bronze_ids=lineage(
            [
                year.bronze_id,
                *(a.bronze_id for a in activity),
                *(() if projected is None else projected.bronze_ids),
            ]
        ),
        as_of_date=ctx.as_of,
        assumptions=(),
    )


def payoff_balance(year: TaxYear) -> Decimal | None:
    """`total_balance` when reported; else balance + accrued interest + accrued penalty, the
    accruals counting as 0 only when the balance itself is present."""
    if year.total_balance is not None:
        return year.total_balance
    if year.account_balance is None:
        return None
    return sum_present([year.account_balance, year.accrued_interest, year.accrued_penalty])


def lien_filed(activity: Sequence[Activity]) -> bool:
    """A lien filing with no release after it (date order, then transcript line order)."""

    def position(a: Activity) -> tuple[datetime.date, int]:
        return (a.activity_date, a.line_no)

    filings = [position(a) for a in activity if a.code in LIEN_FILED_CODES]
    releases = [position(a) for a in activity if a.code in LIEN_RELEASED_CODES]
    if not filings:
        return False
    return not releases or max(releases) < max(filings)


def _projection_for(
    year: TaxYear, projections: Mapping[ProjectionKey, ProjectedBalance]
) -> ProjectedBalance | None:
    """The year's joint projection, else the one whose scope is this row's owner."""
    return projections.get((year.tax_year, "joint")) or projections.get((year.tax_year, year.owner))


def _mismatch_warning(row: YearBalanceRow) -> Notice:
    owner = "" if row.owner == "TP" else " (spouse module)"
    return gold_notice(
        "balance_mismatch",
        row.tax_year,
        f"calculated balance differs from the reported one{owner}",
    )
