"""`monthly_expenses` (DOMAIN 4.5): each interview expense line and what of it is allowed.

Allowance rules replace the inherited "MAX(standard, actual) per category": national
standards allow the standard, local standards allow at most the standard, whole-life premiums
allow nothing, and the other lines allow their actual amount. AK5 (`exp_auto_total`) is never
added; it only cross-checks the insurance and payment lines.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.expense_lines import (
    HOUSING_GROUP,
    NATIONAL_LINES,
    PLAIN_LINES,
    Allowance,
    ExpenseLine,
    other_expense_allowances,
    skipped_other_expenses,
)
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import InterviewSnapshot
from medallion.notices import Notice

TABLE = "monthly_expenses"
FREQUENCY = "monthly"


@dataclass(frozen=True)
class ExpenseRow:
    case_id: str
    expense_category: str
    expense_subcategory: str
    actual_amount: Decimal | None
    frequency: str
    monthly_amount: Decimal | None
    irs_standard_amount: Decimal | None
    standard_kind: str
    allowed_amount: Decimal | None
    excess_over_standard: Decimal | None
    needs_review: bool
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Household:
    """What the standards are looked up by (4.5)."""

    size: int | None
    members_under_65: int | None
    members_over_65: int | None
    state: str | None
    county: str | None

    @classmethod
    def of(cls, s: InterviewSnapshot) -> "Household":
        under, over = s.integer("members_under_65"), s.integer("members_over_65")
        size = s.integer("tp_house_members")
        if size is None and under is not None and over is not None:
            size = under + over
        return cls(
            size=size,
            members_under_65=under,
            members_over_65=over,
            state=s.text("location_state") or s.text("state"),
            county=s.text("location_county"),
        )


def build_monthly_expenses(ctx: GoldContext) -> Built[ExpenseRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    household = Household.of(s)
    lookup = ctx.reference.collection_standards.lookup
    allowances = [
        *_national_lines(s, lambda category: lookup(category, household_size=household.size)),
        *_out_of_pocket(s, household, lookup),
        *_housing_group(s, household, lookup),
        *_local_lines(s, household, lookup),
        *(_plain(s, line) for line in PLAIN_LINES if s.money(line.column) is not None),
        *other_expense_allowances(s, ctx.silver.other_expenses),
    ]
    # One row per line with an actual or a standard (4.5).
    rows = tuple(
        _row(ctx, s, a) for a in allowances if a.actual is not None or a.standard is not None
    )
    warnings = [
        gold_notice(
            "standard_missing",
            None,
            f"no IRS standard for {r.expense_category}/{r.expense_subcategory}: "
            "allowed at the actual amount",
        )
        for r in rows
        if "standard_missing" in r.assumptions
    ]
    warnings.extend(
        gold_notice(
            "other_expense_not_added",
            None,
            f"other expense line {line_no} duplicates a filled-in dedicated line; not added",
        )
        for line_no in skipped_other_expenses(s, ctx.silver.other_expenses)
    )
    warnings.extend(_auto_total_check(s))
    return Built(rows=rows, warnings=tuple(warnings))


def _national_lines(
    s: InterviewSnapshot, lookup: Callable[[str], Decimal | None]
) -> list[Allowance]:
    """National standard: the standard is allowed whatever was spent."""
    allowances = []
    for line in NATIONAL_LINES:
        actual = s.money(line.column)
        standard = None if line.standard_column is None else s.money(line.standard_column)
        if standard is None:
            standard = lookup(line.category)
        allowances.append(_national(line.category, line.subcategory, actual, standard))
    return allowances


def _national(
    category: str, subcategory: str, actual: Decimal | None, standard: Decimal | None
) -> Allowance:
    excess = _excess(actual, standard)
    return Allowance(
        category=category,
        subcategory=subcategory,
        actual=actual,
        standard=standard,
        kind="national",
        allowed=actual if standard is None else standard,
        needs_review=excess is not None and excess > 0,  # an excess needs justification
        standard_missing=standard is None,
    )


def _out_of_pocket(
    s: InterviewSnapshot, household: Household, lookup: Callable[..., Decimal | None]
) -> list[Allowance]:
    parts = [s.money("exp_prescriptions"), s.money("exp_copays")]
    # A Σ, so one null line does not blank the other; null only when neither was given.
    actual = None if all(p is None for p in parts) else sum_present(parts)
    standard = s.money("std_health_out_of_pocket")
    if standard is None:
        standard = _out_of_pocket_standard(household, lookup)
    return [_national("healthcare", "out_of_pocket", actual, standard)]


def _out_of_pocket_standard(
    household: Household, lookup: Callable[..., Decimal | None]
) -> Decimal | None:
    """Per-person figures by age band × the persons in each band."""
    under, over = household.members_under_65, household.members_over_65
    if under is None or over is None:
        return None
    total = Decimal(0)
    for persons, category in (
        (under, "health_out_of_pocket_under_65"),
        (over, "health_out_of_pocket_65_and_over"),
    ):
        if persons:
            per_person = lookup(category)
            if per_person is None:
                return None
            total += per_person * persons
    return total


def _housing_group(
    s: InterviewSnapshot, household: Household, lookup: Callable[..., Decimal | None]
) -> list[Allowance]:
    """Each line allowed at its actual, plus a `standard_cap` row bringing the group's allowed
    total down to min(Σ actual, standard)."""
    standard = s.money("std_housing")
    if standard is None:
        standard = lookup(
            "housing_utilities",
            household_size=household.size,
            state=household.state,
            county=household.county,
        )
    lines = [
        Allowance(
            category=line.category,
            subcategory=line.subcategory,
            actual=s.money(line.column),
            standard=None,
            kind="local",
            allowed=s.money(line.column),
            standard_missing=standard is None,
        )
        for line in HOUSING_GROUP
        if s.money(line.column) is not None
    ]
    if standard is None:
        return lines
    group_actual = sum_present(line.actual for line in lines)
    cap = Allowance(
        category="housing",
        subcategory="standard_cap",
        actual=None,
        standard=standard,
        kind="local",
        allowed=min(Decimal(0), standard - group_actual),
    )
    return [*lines, cap]


def _local_lines(
    s: InterviewSnapshot, household: Household, lookup: Callable[..., Decimal | None]
) -> list[Allowance]:
    """Local standards allow the smaller of actual and standard."""
    public_standard = s.money("std_public_transportation")
    if public_standard is None:
        public_standard = lookup("public_transportation")
    ownership = lookup("vehicle_ownership")  # per vehicle, for each of at most two payments
    operating = lookup("vehicle_operating", state=household.state)
    figures = [
        ("public_transportation", "exp_public_transportation", public_standard),
        ("auto_payment_1", "exp_auto_payment1", ownership),
        ("auto_payment_2", "exp_auto_payment2", ownership),
        ("auto_insurance", "exp_auto_insurance", operating),
    ]
    allowances = []
    for subcategory, column, standard in figures:
        actual = s.money(column)
        # A looked-up standard alone makes no row here: nothing was spent, nothing is allowed.
        if actual is None and (subcategory != "public_transportation" or standard is None):
            continue
        allowed = actual if standard is None or actual is None else min(actual, standard)
        allowances.append(
            Allowance(
                category="transportation",
                subcategory=subcategory,
                actual=actual,
                standard=standard,
                kind="local",
                allowed=allowed,
                standard_missing=standard is None,
            )
        )
    return allowances


def _plain(s: InterviewSnapshot, line: ExpenseLine) -> Allowance:
    """Lines without a standard: the actual is allowed, except whole-life premiums (0)."""
    actual = s.money(line.column)
    whole_life = line.subcategory == "whole_life"
    return Allowance(
        category=line.category,
        subcategory=line.subcategory,
        actual=actual,
        standard=None,
        kind="none",
        allowed=Decimal(0) if whole_life else actual,
        needs_review=whole_life,
    )


def _row(ctx: GoldContext, s: InterviewSnapshot, a: Allowance) -> ExpenseRow:
    return ExpenseRow(
        case_id=ctx.case_id,
        expense_category=a.category,
        expense_subcategory=a.subcategory,
        actual_amount=to_cents(a.actual),
        frequency=FREQUENCY,
        monthly_amount=to_cents(a.actual),  # the interview's expenses are monthly
        irs_standard_amount=to_cents(a.standard),
        standard_kind=a.kind,
        allowed_amount=to_cents(a.allowed),
        excess_over_standard=to_cents(_excess(a.actual, a.standard)),
        needs_review=a.needs_review,
        source_bronze_ids=lineage([s.bronze_id, *a.bronze_ids]),
        as_of_date=ctx.as_of,
        assumptions=("standard_missing",) if a.standard_missing else (),
    )


def _excess(actual: Decimal | None, standard: Decimal | None) -> Decimal | None:
    if actual is None or standard is None:
        return None
    return max(Decimal(0), actual - standard)


def _auto_total_check(s: InterviewSnapshot) -> list[Notice]:
    reported = s.money("exp_auto_total")
    parts = [s.money(c) for c in ("exp_auto_insurance", "exp_auto_payment1", "exp_auto_payment2")]
    if reported is None or sum_present(parts) == reported:
        return []
    return [
        gold_notice(
            "auto_total_mismatch",
            None,
            "auto expense total differs from insurance + payments; "
            "the lines are used, the total is not",
        )
    ]
