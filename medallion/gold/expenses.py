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
from functools import partial
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.expense_lines import (
    ADDITIONAL_PERSONS,
    HOUSING_GROUP,
    NATIONAL_CATEGORIES,
    NATIONAL_LINES,
    PLAIN_LINES,
    Allowance,
    ExpenseLine,
    other_expense_allowances,
    skipped_other_expenses,
)
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import InterviewSnapshot, SilverInputs
from medallion.gold.standards import CollectionStandards, Standard, outdated
from medallion.reference import kinds

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
    reference_version_id: int | None  # the standard's reference version (4.5)


@dataclass(frozen=True)
class Household:
    """What the standards are looked up by (4.5)."""

    size: int | None
    members_under_65: int | None
    members_over_65: int | None
    state: str | None
    county: str | None
    vehicles: int | None

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
            state=_state_code(s.text("location_state") or s.text("state")),
            county=s.text("location_county"),
            vehicles=s.integer("vehicle_count"),
        )


def _state_code(text: str | None) -> str | None:
    return None if text is None else text.strip().upper() or None


def case_state(silver: SilverInputs) -> str | None:
    """The state whose local standards the case's build needs."""
    return None if silver.snapshot is None else Household.of(silver.snapshot).state


def build_monthly_expenses(ctx: GoldContext) -> Built[ExpenseRow]:
    s = ctx.silver.snapshot
    if s is None:
        return Built(rows=())
    household = Household.of(s)
    standards = ctx.reference.collection_standards
    allowances = [
        *_national_lines(s, household, standards),
        *_out_of_pocket(s, household, standards),
        *_housing_group(s, household, standards),
        *_local_lines(s, household, standards),
        *(_plain(s, line) for line in PLAIN_LINES if s.money(line.column) is not None),
        *other_expense_allowances(s, ctx.silver.other_expenses),
    ]
    # One row per line with an actual or a standard (4.5).
    kept = [a for a in allowances if a.actual is not None or a.standard is not None]
    rows = tuple(_row(ctx, s, a) for a in kept)
    warnings = [
        gold_notice(
            "standard_missing",
            None,
            f"no IRS standard for {a.category}/{a.subcategory} ({a.missing_reason}): "
            "allowed at the actual amount",
        )
        for a in kept
        if a.standard_missing
    ]
    warnings.extend(_standards_warnings(ctx, s, household, kept))
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


def _standards_warnings(
    ctx: GoldContext, s: InterviewSnapshot, household: Household, kept: list[Allowance]
) -> list[Notice]:
    """A county that could mean two places, and each table used that may be outdated."""
    warnings = []
    standards = ctx.reference.collection_standards
    candidates = standards.housing_utilities(
        household.state, household.county, household.size
    ).ambiguous_county
    if candidates and s.money("std_housing") is None:  # else the interview's figure is used
        warnings.append(
            gold_notice(
                "county_ambiguous",
                None,
                f"county {household.county!r} of {household.state} could be "
                f"{' or '.join(candidates)}: no housing standard is guessed",
            )
        )
    used = {a.version_id for a in kept if a.version_id is not None}
    for version in sorted(standards.versions.values(), key=lambda v: v.kind):
        if version.version_id in used and outdated(version, ctx.as_of):
            warnings.append(
                gold_notice(
                    "standard_may_be_outdated",
                    None,
                    f"{version.kind} table effective {version.effective_from} is more than a "
                    f"year old on {ctx.as_of}; the IRS publishes new standards each spring",
                )
            )
    return warnings


def _supplied_or(supplied: Decimal | None, lookup: Callable[[], Standard]) -> Standard:
    """The interview's own figure keeps precedence (3.11); else the table's."""
    return Standard(amount=supplied) if supplied is not None else lookup()


def _national_lines(
    s: InterviewSnapshot, household: Household, standards: CollectionStandards
) -> list[Allowance]:
    """National standard: the standard is allowed whatever was spent."""
    allowances = []
    supplied_any = False
    for line in NATIONAL_LINES:
        actual = s.money(line.column)
        supplied = None if line.standard_column is None else s.money(line.standard_column)
        supplied_any = supplied_any or supplied is not None
        standard = _supplied_or(
            supplied,
            partial(standards.national_item, NATIONAL_CATEGORIES[line.category], household.size),
        )
        allowances.append(_national(line.category, line.subcategory, actual, standard))
    # Persons beyond four: the IRS publishes one per-person amount, for the total only.
    size = household.size
    if not supplied_any and size is not None and size > max(kinds.NATIONAL_SIZES):
        extra = standards.national_additional_persons(size)
        if extra.amount is not None:
            allowances.append(_national(*ADDITIONAL_PERSONS, None, extra))
    return allowances


def _national(
    category: str, subcategory: str, actual: Decimal | None, standard: Standard
) -> Allowance:
    excess = _excess(actual, standard.amount)
    return Allowance(
        category=category,
        subcategory=subcategory,
        actual=actual,
        standard=standard.amount,
        kind="national",
        allowed=actual if standard.amount is None else standard.amount,
        needs_review=excess is not None and excess > 0,  # an excess needs justification
        standard_missing=standard.amount is None,
        version_id=_version_id(standard),
        missing_reason=standard.missing,
    )


def _version_id(standard: Standard) -> int | None:
    return None if standard.version is None else standard.version.version_id


def _out_of_pocket(
    s: InterviewSnapshot, household: Household, standards: CollectionStandards
) -> list[Allowance]:
    parts = [s.money("exp_prescriptions"), s.money("exp_copays")]
    # A Σ, so one null line does not blank the other; null only when neither was given.
    actual = None if all(p is None for p in parts) else sum_present(parts)
    # Supplied: the household's amount; looked up: per person by age band × persons.
    standard = _supplied_or(
        s.money("std_health_out_of_pocket"),
        lambda: standards.out_of_pocket_health(
            household.members_under_65, household.members_over_65
        ),
    )
    return [_national("healthcare", "out_of_pocket", actual, standard)]


def _housing_group(
    s: InterviewSnapshot, household: Household, standards: CollectionStandards
) -> list[Allowance]:
    """Each line allowed at its actual, plus a `standard_cap` row bringing the group's allowed
    total down to min(Σ actual, standard)."""
    standard = _supplied_or(
        s.money("std_housing"),
        lambda: standards.housing_utilities(household.state, household.county, household.size),
    )
    lines = [
        Allowance(
            category=line.category,
            subcategory=line.subcategory,
            actual=s.money(line.column),
            standard=None,
            kind="local",
            allowed=s.money(line.column),
            standard_missing=standard.amount is None,
            version_id=_version_id(standard),
            missing_reason=standard.missing,
        )
        for line in HOUSING_GROUP
        if s.money(line.column) is not None
    ]
    if standard.amount is None:
        return lines
    group_actual = sum_present(line.actual for line in lines)
    cap = Allowance(
        category="housing",
        subcategory="standard_cap",
        actual=None,
        standard=standard.amount,
        kind="local",
        allowed=min(Decimal(0), standard.amount - group_actual),
        version_id=_version_id(standard),
    )
    return [*lines, cap]


def _local_lines(
    s: InterviewSnapshot, household: Household, standards: CollectionStandards
) -> list[Allowance]:
    """Local standards allow the smaller of actual and standard."""
    payments = [s.money("exp_auto_payment1"), s.money("exp_auto_payment2")]
    # Vehicles as the interview counts them, else as many as it lists payments for; at most 2.
    vehicles = household.vehicles
    if vehicles is None:
        vehicles = sum(p is not None for p in payments)
    figures = [
        (
            "public_transportation",
            "exp_public_transportation",
            _supplied_or(s.money("std_public_transportation"), standards.public_transportation),
        ),
        ("auto_payment_1", "exp_auto_payment1", standards.ownership(1)),
        ("auto_payment_2", "exp_auto_payment2", standards.ownership(2)),
        (
            "auto_insurance",
            "exp_auto_insurance",
            standards.operating(household.state, household.county, vehicles),
        ),
    ]
    allowances = []
    for subcategory, column, standard in figures:
        actual = s.money(column)
        # A looked-up standard alone makes no row here: nothing was spent, nothing is allowed.
        if actual is None and (subcategory != "public_transportation" or standard.amount is None):
            continue
        amount = standard.amount
        allowed = actual if amount is None or actual is None else min(actual, amount)
        allowances.append(
            Allowance(
                category="transportation",
                subcategory=subcategory,
                actual=actual,
                standard=amount,
                kind="local",
                allowed=allowed,
                standard_missing=amount is None,
                version_id=_version_id(standard),
                missing_reason=standard.missing,
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
        reference_version_id=a.version_id,
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
