"""The CSED of one assessment (DOMAIN 4.8): ten calendar years, extended by tolling.

Tolling adds up over the union of the module's closed intervals (the inherited "maximum of
base + each tolling" is dropped), so a day covered by two stays counts once. A stay counts only
if it begins on or before the CSED as extended so far: a stay that begins after expiry never
revives the statute. An open stay leaves the date unknown.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from medallion.gold.dates import add_years

CSED_YEARS = 10
EXPIRING_SOON_DAYS = 365

OPEN = "OPEN"
UNKNOWN = "UNKNOWN"
EXPIRED = "EXPIRED"
EXPIRING_SOON = "EXPIRING_SOON"
ACTIVE = "ACTIVE"


@dataclass(frozen=True)
class TollSpan:
    """The days a closed interval tolls: [start, end), `end` = its end date + extra days."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class AssessmentCsed:
    base_csed: datetime.date | None
    toll_days: int | None
    open_tolling: bool
    adjusted_csed: datetime.date | None
    days_remaining: int | None
    status: str


def base_csed(assessment_date: datetime.date) -> datetime.date:
    return add_years(assessment_date, CSED_YEARS)


def assessment_csed(
    assessment_date: datetime.date | None,
    closed_spans: Iterable[TollSpan],
    open_starts: Iterable[datetime.date],
    as_of: datetime.date,
) -> AssessmentCsed:
    """The CSED of an assessment made on `assessment_date`, given its module's closed tolling
    spans and the start dates of its open intervals."""
    if assessment_date is None:
        return AssessmentCsed(None, None, False, None, None, UNKNOWN)
    base = base_csed(assessment_date)
    toll_days = counted_toll_days(assessment_date, base, closed_spans)
    extended = base + datetime.timedelta(days=toll_days)
    # An open stay that began before the assessment is still running at it, so it counts too.
    open_tolling = any(start <= extended for start in open_starts)
    if open_tolling:
        return AssessmentCsed(base, toll_days, True, None, None, OPEN)
    days_remaining = (extended - as_of).days
    return AssessmentCsed(
        base, toll_days, False, extended, days_remaining, csed_status(days_remaining)
    )


def counted_toll_days(
    assessment_date: datetime.date, base: datetime.date, spans: Iterable[TollSpan]
) -> int:
    """Days in the union of `spans`, each cut to begin no earlier than the assessment, taken
    in start order while each begins on or before the CSED as extended by those before it."""
    cut = sorted(
        (
            TollSpan(max(span.start, assessment_date), span.end)
            for span in spans
            if span.end > max(span.start, assessment_date)
        ),
        key=lambda span: (span.start, span.end),
    )
    toll_days = 0
    covered_until = assessment_date
    for span in cut:
        if span.start > base + datetime.timedelta(days=toll_days):
            break  # sorted by start: every later span begins after expiry too
        new_from = max(span.start, covered_until)
        if span.end > new_from:
            toll_days += (span.end - new_from).days
            covered_until = span.end
    return toll_days


def csed_status(days_remaining: int) -> str:
    if days_remaining < 0:
        return EXPIRED
    if days_remaining <= EXPIRING_SOON_DAYS:
        return EXPIRING_SOON
    return ACTIVE


def controlling(assessments: Sequence[AssessmentCsed]) -> AssessmentCsed | None:
    """The assessment whose adjusted CSED is the latest (the worst case for the taxpayer);
    None when any date is unknown. Ties go to the later one in `assessments`' order."""
    if not assessments or any(a.adjusted_csed is None for a in assessments):
        return None
    latest = max(a.adjusted_csed for a in assessments if a.adjusted_csed is not None)
    return [a for a in assessments if a.adjusted_csed == latest][-1]
