"""`csed_by_assessment` and `csed_by_year` (DOMAIN 4.8).

One CSED per assessment (TC 150, 290 or 300 with a non-zero amount, as Silver records them in
`csed_tolling_events`): the clock starts at each assessment, not at the return's filing date,
and a year without an assessment is `UNKNOWN`, never "today + 10 years". Penalty and interest
codes never extend a CSED: only the paired intervals of 3.6 toll.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from medallion.gold.built import Built, lineage
from medallion.gold.context import GoldContext
from medallion.gold.csed_rules import (
    OPEN,
    UNKNOWN,
    AssessmentCsed,
    TollSpan,
    assessment_csed,
    controlling,
)
from medallion.gold.dates import months_between
from medallion.gold.money import to_cents
from medallion.gold.silver_inputs import TollingEvent

ASSESSMENT_TABLE = "csed_by_assessment"
YEAR_TABLE = "csed_by_year"

Module = tuple[int, str]  # (tax_year, owner)


@dataclass(frozen=True)
class CsedAssessmentRow:
    case_id: str
    tax_year: int
    owner: str
    assessment_no: int
    assessment_date: datetime.date | None
    assessment_code: str | None
    assessed_amount: Decimal | None
    base_csed: datetime.date | None
    toll_days: int | None
    open_tolling: bool
    adjusted_csed: datetime.date | None
    days_remaining: int | None
    csed_status: str
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class CsedYearRow:
    case_id: str
    tax_year: int
    owner: str
    assessment_count: int
    earliest_csed: datetime.date | None
    latest_csed: datetime.date | None
    csed_status: str
    total_toll_days: int | None
    months_until_latest_csed: int | None
    source_bronze_ids: tuple[UUID, ...]
    as_of_date: datetime.date
    assumptions: tuple[str, ...]


def build_csed_by_assessment(ctx: GoldContext) -> Built[CsedAssessmentRow]:
    events_by_module: dict[Module, list[TollingEvent]] = defaultdict(list)
    for event in ctx.silver.tolling_events:
        events_by_module[(event.tax_year, event.owner)].append(event)
    rows: list[CsedAssessmentRow] = []
    for (tax_year, owner), events in sorted(events_by_module.items()):
        assessments = sorted(
            (e for e in events if e.is_assessment),
            key=lambda e: (e.start_date or datetime.date.max, e.start_line_no or 0, e.event_no),
        )
        intervals = [e for e in events if not e.is_assessment]
        closed = [span for e in intervals if not e.is_open and (span := _span(e)) is not None]
        open_starts = [e.start_date for e in intervals if e.is_open and e.start_date is not None]
        module_lineage = lineage(e.bronze_id for e in events)
        for assessment_no, event in enumerate(assessments):
            csed = assessment_csed(event.start_date, closed, open_starts, ctx.as_of)
            rows.append(
                CsedAssessmentRow(
                    case_id=ctx.case_id,
                    tax_year=tax_year,
                    owner=owner,
                    assessment_no=assessment_no,
                    assessment_date=event.start_date,
                    assessment_code=event.start_code,
                    assessed_amount=to_cents(event.assessed_amount),
                    base_csed=csed.base_csed,
                    toll_days=csed.toll_days,
                    open_tolling=csed.open_tolling,
                    adjusted_csed=csed.adjusted_csed,
                    days_remaining=csed.days_remaining,
                    csed_status=csed.status,
                    source_bronze_ids=module_lineage,
                    as_of_date=ctx.as_of,
                    assumptions=(),
                )
            )
    return Built(rows=tuple(rows))


def build_csed_by_year(
    ctx: GoldContext, assessments: Sequence[CsedAssessmentRow]
) -> Built[CsedYearRow]:
    """One row per Silver `tax_years` row, from the CSEDs of its module's assessments."""
    by_module: dict[Module, list[CsedAssessmentRow]] = defaultdict(list)
    for row in assessments:
        by_module[(row.tax_year, row.owner)].append(row)
    rows = []
    for year in ctx.silver.tax_years:
        module_rows = by_module.get((year.tax_year, year.owner), [])
        csed = [_as_csed(r) for r in module_rows]
        known = [c.adjusted_csed for c in csed if c.adjusted_csed is not None]
        latest = controlling(csed)
        rows.append(
            CsedYearRow(
                case_id=ctx.case_id,
                tax_year=year.tax_year,
                owner=year.owner,
                assessment_count=len(module_rows),
                # The earliest known date, even while another assessment's stays are open.
                earliest_csed=min(known, default=None),
                latest_csed=None if latest is None else latest.adjusted_csed,
                csed_status=_year_status(csed, latest),
                total_toll_days=None if latest is None else latest.toll_days,
                months_until_latest_csed=(
                    None
                    if latest is None or latest.adjusted_csed is None
                    else months_between(ctx.as_of, latest.adjusted_csed)
                ),
                source_bronze_ids=lineage(
                    [year.bronze_id, *(b for r in module_rows for b in r.source_bronze_ids)]
                ),
                as_of_date=ctx.as_of,
                assumptions=(),
            )
        )
    return Built(rows=tuple(rows))


def _span(event: TollingEvent) -> TollSpan | None:
    """A closed interval's tolled days; the extra days after its end are part of the span."""
    start = event.start_date or event.end_date
    if start is None or event.end_date is None:
        return None  # the schema forbids a closed interval without an end date
    # Silver and csed_manual_events fill the extra days of every closed interval (0 if none).
    extra = datetime.timedelta(days=event.additional_toll_days or 0)
    return TollSpan(start=start, end=event.end_date + extra)


def _as_csed(row: CsedAssessmentRow) -> AssessmentCsed:
    return AssessmentCsed(
        base_csed=row.base_csed,
        toll_days=row.toll_days,
        open_tolling=row.open_tolling,
        adjusted_csed=row.adjusted_csed,
        days_remaining=row.days_remaining,
        status=row.csed_status,
    )


def _year_status(csed: Sequence[AssessmentCsed], latest: AssessmentCsed | None) -> str:
    """`UNKNOWN` without assessments, `OPEN` if any is open, else the controlling one's."""
    if any(c.open_tolling for c in csed):
        return OPEN
    if latest is None:
        return UNKNOWN
    return latest.status
