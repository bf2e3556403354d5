"""``csed_tolling_events``: assessments and paired tolling intervals per AT module (DOMAIN 3.6).

Events of a module (tax year and owner) are taken in date order, then ``line_no`` order. Each start
pairs with the first later end of any rule sharing its start; that end decides the category and the
extra days. An end closes every open start it matches, except a reversal (972), which closes only
the latest open interval a 971 opened. A start with no end stays open. Assessments (150/290/300 with
a non-zero amount) are recorded too, as non-interval rows, so Gold can compute one CSED each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any
from uuid import UUID

from medallion.silver.at import AtYearRecord, Transaction
from medallion.silver.rules import CANCEL, CLOSE, REVERSE, TollingRule

ASSESSMENT = "assessment"
REVERSIBLE_START_CODE = "971"
_DATE_THEN_LINE = attrgetter("activity_date", "line_no")


@dataclass(slots=True)  # not frozen, like the rows of rows.py
class TollingEventRow:
    tax_year: int
    owner: str
    event_no: int
    event_type: str
    rule_id: str | None
    start_code: str | None
    start_date: date | None
    start_line_no: int | None
    end_code: str | None
    end_date: date | None
    end_line_no: int | None
    is_open: bool
    interval_days: int | None
    additional_toll_days: int | None
    total_toll_days: int | None
    assessed_amount: Decimal | None
    origin: str  # transcript or manual
    manual_event_id: int | None
    bronze_id: UUID | None
    source_path: str


@dataclass
class _Open:
    start: Transaction
    candidates: list[TollingRule]
    category: str
    closed_by: tuple[Transaction, TollingRule | None, int] | None = None
    cancelled: bool = False
    order: int = 0


@dataclass
class _Module:
    record: AtYearRecord
    assessments: list[Transaction] = field(default_factory=list)
    intervals: list[_Open] = field(default_factory=list)
    orphan_ends: list[tuple[Transaction, TollingRule]] = field(default_factory=list)


def build_tolling_events(
    records: Sequence[AtYearRecord], rules: Sequence[TollingRule], bronze_id: UUID
) -> tuple[TollingEventRow, ...]:
    by_code = _RulesByCode.index(rules)
    rows: list[TollingEventRow] = []
    for record in records:
        module = _pair(record, by_code)
        rows.extend(_module_rows(module, bronze_id))
    return tuple(rows)


@dataclass(frozen=True)
class _RulesByCode:
    """The rules a transaction code can start or end, in rule order: most codes touch none, and
    every transaction of a case is checked."""

    assessments: dict[str, list[TollingRule]]
    interval_starts: dict[str, list[TollingRule]]
    interval_ends: dict[str, list[TollingRule]]
    codes: frozenset[str]  # every code some rule starts or ends

    @classmethod
    def index(cls, rules: Sequence[TollingRule]) -> _RulesByCode:
        assessments: dict[str, list[TollingRule]] = {}
        starts: dict[str, list[TollingRule]] = {}
        ends: dict[str, list[TollingRule]] = {}
        for rule in rules:
            if rule.end_code is None:
                for code in rule.start_codes:
                    assessments.setdefault(code, []).append(rule)
                continue
            ends.setdefault(rule.end_code, []).append(rule)
            # A reversal (972) ends what a 971 opened; it never makes a 971 a start.
            if rule.end_action != REVERSE:
                for code in rule.start_codes:
                    starts.setdefault(code, []).append(rule)
        return cls(
            assessments, starts, ends, frozenset(assessments.keys() | starts.keys() | ends.keys())
        )


def _pair(record: AtYearRecord, by_code: _RulesByCode) -> _Module:
    module = _Module(record)
    open_intervals: list[_Open] = []
    for txn in sorted(record.transactions, key=_DATE_THEN_LINE):
        if txn.code not in by_code.codes:
            continue
        if any(
            r.starts(txn) and (not r.start_requires_amount or txn.amount)
            for r in by_code.assessments.get(txn.code, ())
        ):
            module.assessments.append(txn)
        ending = [r for r in by_code.interval_ends.get(txn.code, ()) if r.ends(txn)]
        if ending:
            _close(txn, ending, open_intervals, module)
        # A transaction that ends a rule's interval never also opens one of that rule.
        starting = [
            r
            for r in by_code.interval_starts.get(txn.code, ())
            if r.starts(txn) and r not in ending
        ]
        if starting:
            interval = _Open(txn, starting, starting[0].category, order=len(module.intervals))
            module.intervals.append(interval)
            open_intervals.append(interval)
    return module


def _close(
    txn: Transaction, ending: list[TollingRule], open_intervals: list[_Open], module: _Module
) -> None:
    closed_any = False
    for rule in ending:
        if rule.end_action == REVERSE:
            reversible = [i for i in open_intervals if i.start.code == REVERSIBLE_START_CODE]
            if reversible:
                latest = reversible[-1]
                latest.closed_by = (txn, None, 0)
                open_intervals.remove(latest)
                closed_any = True
            continue
        for interval in [
            i for i in open_intervals if any(c.rule_id == rule.rule_id for c in i.candidates)
        ]:
            if rule.end_action == CANCEL:
                interval.cancelled = True
            else:
                interval.category = rule.category
                interval.closed_by = (txn, rule, rule.extra_days(txn.activity_date))
            open_intervals.remove(interval)
            closed_any = True
    if not closed_any:
        for rule in ending:
            if rule.end_without_start_counts and rule.end_action == CLOSE:
                module.orphan_ends.append((txn, rule))
                break


def _module_rows(module: _Module, bronze_id: UUID) -> list[TollingEventRow]:
    record = module.record
    events: list[dict[str, Any]] = []
    for txn in module.assessments:
        events.append(
            _event(ASSESSMENT, "base_csed", txn, None, None, is_open=False, amount=txn.amount)
        )
    for interval in module.intervals:
        if interval.cancelled:
            continue
        if interval.closed_by is None:
            events.append(_event(interval.category, None, interval.start, None, None, is_open=True))
        else:
            end, rule, extra = interval.closed_by
            rule_id = rule.rule_id if rule else "reversal_972"
            events.append(
                _event(interval.category, rule_id, interval.start, end, extra, is_open=False)
            )
    for end, rule in module.orphan_ends:
        # An end with no open start: a zero-length interval plus the rule's extra days.
        extra = rule.extra_days(end.activity_date)
        events.append(_event(rule.category, rule.rule_id, None, end, extra, is_open=False))
    return [
        TollingEventRow(
            tax_year=record.tax_year,
            owner=record.owner,
            event_no=event_no,
            origin="transcript",
            manual_event_id=None,
            bronze_id=bronze_id,
            **event,
        )
        for event_no, event in enumerate(events)
    ]


def _event(
    event_type: str,
    rule_id: str | None,
    start: Transaction | None,
    end: Transaction | None,
    extra: int | None,
    *,
    is_open: bool,
    amount: Decimal | None = None,
) -> dict[str, Any]:
    start_date = start.activity_date if start else end.activity_date if end else None
    interval_days = (
        (end.activity_date - start_date).days
        if end is not None and start_date is not None
        else None
    )
    origin = start or end
    return {
        "event_type": event_type,
        "rule_id": rule_id,
        "start_code": start.code if start else None,
        "start_date": start_date,
        "start_line_no": start.line_no if start else None,
        "end_code": end.code if end else None,
        "end_date": end.activity_date if end else None,
        "end_line_no": end.line_no if end else None,
        "is_open": is_open,
        "interval_days": interval_days,
        "additional_toll_days": extra,
        "total_toll_days": None
        if interval_days is None or extra is None
        else interval_days + extra,
        "assessed_amount": amount,
        "source_path": origin.path if origin else "",
    }
