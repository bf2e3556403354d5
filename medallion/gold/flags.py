"""`tax_year_flags` (DOMAIN 4.9): substitute-for-return, underreporter and examination flags,
one row per Silver `tax_years` row.

The AUR codes are reference data (`aur_codes`); the inherited 420/424/430 are examination and
estimated-tax codes, not underreporter ones.
"""

import datetime
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.cases.notices import Notice
from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.csed_rules import base_csed
from medallion.gold.money import sum_present, to_cents
from medallion.gold.result import gold_notice
from medallion.gold.silver_inputs import Activity, TaxYear

TABLE = "tax_year_flags"

RETURN_CODE = "150"
SFR_MARKERS = ("sfr", "substitute")  # searched case-insensitively in a 150's explanation
LATER_ASSESSMENT_CODES = frozenset({"290", "300"})
ADDITIONAL_TAX_CODE = "290"
EXAMINATION_OPENED = "420"
EXAMINATION_CLOSED = "421"


@dataclass(frozen=True)
class TaxYearFlagsRow:
    case_id: str
    tax_year: int
    owner: str
    sfr_indicator: bool
    sfr_date: datetime.date | None
    sfr_csed: datetime.date | None
    aur_indicator: bool | None
    aur_projected_amount: Decimal | None
    exam_indicator: bool
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_tax_year_flags(ctx: GoldContext) -> Built[TaxYearFlagsRow]:
    activity_by_module: dict[tuple[int, str], list[Activity]] = defaultdict(list)
    for activity in ctx.silver.activity:
        activity_by_module[(activity.tax_year, activity.owner)].append(activity)
    rows: list[TaxYearFlagsRow] = []
    warnings: list[Notice] = []
    for year in ctx.silver.tax_years:
        module = sorted(activity_by_module.get((year.tax_year, year.owner), []), key=_position)
        row = _flags(ctx, year, module)
        rows.append(row)
        warnings.extend(_warnings(row))
    return Built(rows=tuple(rows), warnings=tuple(warnings))


def _flags(ctx: GoldContext, year: TaxYear, module: Sequence[Activity]) -> TaxYearFlagsRow:
    assumptions: list[str] = []
    sfr_returns = [a for a in module if a.code == RETURN_CODE and is_sfr(a.explanation)]
    sfr_date = sfr_returns[0].activity_date if sfr_returns else None
    sfr_csed = None
    if sfr_date is not None:
        later = [
            a for a in _assessments(module, LATER_ASSESSMENT_CODES) if a.activity_date >= sfr_date
        ]
        if later:
            sfr_csed = base_csed(later[0].activity_date)
        else:
            sfr_csed = base_csed(sfr_date)
            assumptions.append("sfr_csed_from_150")

    aur_rows = [a for a in module if a.code in ctx.reference.aur_codes]
    aur_indicator = aur_flag(year, bool(aur_rows))
    if aur_indicator is None:
        assumptions.append("aur_undetermined")
    return TaxYearFlagsRow(
        case_id=ctx.case_id,
        tax_year=year.tax_year,
        owner=year.owner,
        sfr_indicator=sfr_date is not None,
        sfr_date=sfr_date,
        sfr_csed=sfr_csed,
        aur_indicator=aur_indicator,
        aur_projected_amount=to_cents(aur_projected_amount(module, aur_rows)),
        exam_indicator=examination_open(module),
        source_bronze_ids=lineage([year.bronze_id, *(a.bronze_id for a in module)]),
        as_of_date=ctx.as_of,
        assumptions=tuple(assumptions),
    )


def is_sfr(explanation: str | None) -> bool:
    text = (explanation or "").casefold()
    return any(marker in text for marker in SFR_MARKERS)


def aur_flag(year: TaxYear, has_aur_code: bool) -> bool | None:
    """Return filed, an AUR code, and a reported balance above 0; three-valued, so an unknown
    filing or balance gives null unless another condition is already false."""
    balance = year.account_balance
    conditions = (
        year.return_filed,
        has_aur_code,
        None if balance is None else balance > 0,
    )
    if any(c is False for c in conditions):
        return False
    if any(c is None for c in conditions):
        return None
    return True


def aur_projected_amount(
    module: Sequence[Activity], aur_rows: Sequence[Activity]
) -> Decimal | None:
    """Σ of the 290 assessments dated after the first AUR code; null when there are none."""
    if not aur_rows:
        return None
    first_aur = min(a.activity_date for a in aur_rows)
    later = [
        a
        for a in _assessments(module, frozenset({ADDITIONAL_TAX_CODE}))
        if a.activity_date > first_aur
    ]
    return sum_present(a.amount for a in later) if later else None


def examination_open(module: Sequence[Activity]) -> bool:
    """A 420 with no 421 after it (date order, then transcript line order)."""
    opened = [_position(a) for a in module if a.code == EXAMINATION_OPENED]
    closed = [_position(a) for a in module if a.code == EXAMINATION_CLOSED]
    return bool(opened) and (not closed or max(closed) < max(opened))


def _assessments(module: Sequence[Activity], codes: Collection[str]) -> list[Activity]:
    """Rows of `codes` that assess something: a .00 290/300 starts no CSED (3.6)."""
    return [a for a in module if a.code in codes and a.amount is not None and a.amount != 0]


def _position(activity: Activity) -> tuple[datetime.date, int]:
    return (activity.activity_date, activity.line_no)


def _warnings(row: TaxYearFlagsRow) -> list[Notice]:
    owner = "" if row.owner == "TP" else " (spouse module)"
    warnings = []
    if "sfr_csed_from_150" in row.assumptions:
        warnings.append(
            gold_notice(
                "sfr_csed_from_150",
                row.tax_year,
                f"substitute for return without a later 290/300 assessment{owner}: "
                "sfr_csed is the SFR date + 10 years",
            )
        )
    if "aur_undetermined" in row.assumptions:
        warnings.append(
            gold_notice(
                "aur_undetermined",
                row.tax_year,
                f"AUR code present but return filing or reported balance unknown{owner}",
            )
        )
    return warnings
