"""The CSED of one assessment (DOMAIN 4.8) and the calendar rules it uses, without a database."""

import datetime

import pytest

from medallion.gold.csed_rules import (
    ACTIVE,
    EXPIRED,
    EXPIRING_SOON,
    OPEN,
    UNKNOWN,
    TollSpan,
    assessment_csed,
    counted_toll_days,
    csed_status,
)
from medallion.gold.dates import add_years, months_between

AS_OF = datetime.date(2024, 6, 30)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def span(start: str, end: str) -> TollSpan:
    return TollSpan(d(start), d(end))


def test_ten_calendar_years_not_3652_days() -> None:
    # 2015-04-15 + 3652 days (inherited) = 2025-04-14, because 2016, 2020 and 2024 are leap years.
    assert add_years(d("2015-04-15"), 10) == d("2025-04-15")


def test_29_february_becomes_28_february() -> None:
    assert add_years(d("2016-02-29"), 10) == d("2026-02-28")
    assert add_years(d("2016-02-29"), 8) == d("2024-02-29")


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2024-03-15", "2025-03-14", 11),  # the DOMAIN example: one day short of 12
        ("2024-03-15", "2025-03-15", 12),
        ("2024-06-30", "2032-03-14", 92),  # 12 × 8 − 3 = 93, less 1 (14 < 30)
        ("2024-06-30", "2023-06-30", -12),  # past
    ],
)
def test_months_between_counts_whole_calendar_months(start: str, end: str, months: int) -> None:
    assert months_between(d(start), d(end)) == months


def test_overlapping_stays_count_each_day_once() -> None:
    # [2016-01-01, 2016-07-01) = 182 days (2016 is a leap year); [2016-06-01, 2016-09-01) = 92.
    # They share June (30 days): the union [2016-01-01, 2016-09-01) is 244 days, not 274.
    spans = [span("2016-01-01", "2016-07-01"), span("2016-06-01", "2016-09-01")]
    assert counted_toll_days(d("2015-04-15"), d("2025-04-15"), spans) == 244


def test_a_stay_running_at_assessment_tolls_from_the_assessment_date() -> None:
    # [2018-03-01, 2018-06-01) cut to [2018-05-01, 2018-06-01): 31 days, not 92.
    spans = [span("2018-03-01", "2018-06-01")]
    assert counted_toll_days(d("2018-05-01"), d("2028-05-01"), spans) == 31


def test_a_stay_over_before_the_assessment_does_not_toll_it() -> None:
    spans = [span("2017-01-01", "2017-12-31")]
    assert counted_toll_days(d("2018-05-01"), d("2028-05-01"), spans) == 0


def test_a_stay_beginning_after_expiry_never_revives_the_csed() -> None:
    base = d("2020-01-01")
    assert counted_toll_days(d("2010-01-01"), base, [span("2020-01-02", "2020-03-01")]) == 0
    # Beginning on the CSED itself (the last day to collect) still counts: 10 days.
    assert counted_toll_days(d("2010-01-01"), base, [span("2020-01-01", "2020-01-11")]) == 10


def test_a_stay_counts_when_it_begins_before_the_csed_as_already_extended() -> None:
    # First stay: [2019-12-01, 2020-01-01) = 31 days, extending 2020-01-01 to 2020-02-01.
    # Second: begins 2020-01-20, after the base CSED but before the extended one: + 10 days.
    spans = [span("2020-01-20", "2020-01-30"), span("2019-12-01", "2020-01-01")]
    assert counted_toll_days(d("2010-01-01"), d("2020-01-01"), spans) == 41


def test_closed_stays_extend_the_base_csed() -> None:
    # 2020-06-15 + 10 years = 2030-06-15; + 273 days (a 520 on 2021-02-01 closed 2021-05-01,
    # 89 days, plus the 184 days to 2021-11-01) = 2031-03-15; 2,449 days after 2024-06-30.
    csed = assessment_csed(d("2020-06-15"), [span("2021-02-01", "2021-11-01")], [], AS_OF)
    assert (csed.base_csed, csed.toll_days, csed.adjusted_csed) == (
        d("2030-06-15"),
        273,
        d("2031-03-15"),
    )
    assert (csed.days_remaining, csed.status, csed.open_tolling) == (2449, ACTIVE, False)


def test_an_open_stay_leaves_the_csed_unknown() -> None:
    csed = assessment_csed(d("2021-05-17"), [], [d("2023-01-10")], AS_OF)
    assert (csed.open_tolling, csed.adjusted_csed, csed.days_remaining, csed.status) == (
        True,
        None,
        None,
        OPEN,
    )
    assert csed.base_csed == d("2031-05-17")


def test_an_open_stay_begun_before_the_assessment_still_runs_at_it() -> None:
    csed = assessment_csed(d("2021-05-17"), [], [d("2019-01-10")], AS_OF)
    assert csed.status == OPEN


def test_an_open_stay_begun_after_expiry_does_not_reopen_it() -> None:
    # 2006-04-15 + 10 years = 2016-04-15, 2,998 days before 2024-06-30; the 2018 stay is too late.
    csed = assessment_csed(d("2006-04-15"), [], [d("2018-01-01")], AS_OF)
    assert (csed.open_tolling, csed.adjusted_csed, csed.status) == (False, d("2016-04-15"), EXPIRED)
    assert csed.days_remaining == -2998


def test_without_an_assessment_date_the_csed_is_unknown_not_today_plus_ten_years() -> None:
    csed = assessment_csed(None, [], [], AS_OF)
    assert (csed.base_csed, csed.adjusted_csed, csed.status) == (None, None, UNKNOWN)


@pytest.mark.parametrize(
    ("days", "status"),
    [(-1, EXPIRED), (0, EXPIRING_SOON), (365, EXPIRING_SOON), (366, ACTIVE)],
)
def test_status_thresholds(days: int, status: str) -> None:
    assert csed_status(days) == status
