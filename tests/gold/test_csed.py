"""csed_by_assessment and csed_by_year (DOMAIN 4.8), from Silver's csed_tolling_events.

Every build is as of 2024-06-30.
"""

from decimal import Decimal
from typing import Any

from tests.gold.helpers import SilverCase, day, money, promote


async def _assessments(case: SilverCase) -> list[dict[str, Any]]:
    rows = await case.gold_rows("csed_by_assessment", "tax_year, owner, assessment_no")
    return [dict(r) for r in rows]


async def _years(case: SilverCase) -> dict[tuple[int, str], dict[str, Any]]:
    rows = await case.gold_rows("csed_by_year", "tax_year, owner")
    return {(r["tax_year"], r["owner"]): dict(r) for r in rows}


async def test_each_assessment_has_its_own_csed_and_the_latest_controls_the_year(
    case: SilverCase,
) -> None:
    await case.tax_year(2019, account_balance=money("6200.00"))
    await case.assessment(2019, 0, "150", "2020-06-15", "5000.00")
    await case.assessment(2019, 1, "290", "2022-03-14", "1200.00")
    # 520 on 2021-02-01, 521 on 2021-05-01 (89 days) + 184 days to 2021-11-01: 273 days
    await case.interval(2019, 2, "bankruptcy", "2021-02-01", "2021-05-01", 184)
    result = await promote(case)

    first, second = await _assessments(case)
    assert (first["assessment_code"], first["assessed_amount"]) == ("150", Decimal("5000.00"))
    # 2020-06-15 + 10 years = 2030-06-15, + 273 days = 2031-03-15
    assert (first["base_csed"], first["toll_days"], first["adjusted_csed"]) == (
        day("2030-06-15"),
        273,
        day("2031-03-15"),
    )
    assert (first["days_remaining"], first["csed_status"]) == (2449, "ACTIVE")
    # The 290 starts its own clock; the stay was over before it, so it adds nothing.
    assert (second["assessment_code"], second["base_csed"], second["toll_days"]) == (
        "290",
        day("2032-03-14"),
        0,
    )
    assert second["adjusted_csed"] == day("2032-03-14")

    year = (await _years(case))[(2019, "TP")]
    assert (year["earliest_csed"], year["latest_csed"]) == (day("2031-03-15"), day("2032-03-14"))
    # the controlling assessment is the 290, so its toll days (0) and status
    assert (year["csed_status"], year["total_toll_days"], year["assessment_count"]) == (
        "ACTIVE",
        0,
        2,
    )
    assert year["months_until_latest_csed"] == 92  # 2024-06-30 → 2032-03-14
    assert year["source_bronze_ids"] == [case.bronze_ids["at"]]
    assert (result.counts.csed_by_assessment, result.counts.csed_by_year) == (2, 1)


async def test_an_open_stay_makes_the_year_open_with_no_latest_csed(case: SilverCase) -> None:
    await case.tax_year(2020)
    await case.assessment(2020, 0, "150", "2021-05-17", "900.00")
    await case.interval(2020, 1, "oic_pending", "2023-01-10", start_code="480")
    await promote(case)

    [assessment] = await _assessments(case)
    assert (assessment["open_tolling"], assessment["adjusted_csed"]) == (True, None)
    assert (assessment["csed_status"], assessment["days_remaining"]) == ("OPEN", None)
    year = (await _years(case))[(2020, "TP")]
    assert (year["csed_status"], year["latest_csed"], year["months_until_latest_csed"]) == (
        "OPEN",
        None,
        None,
    )
    assert year["total_toll_days"] is None


async def test_a_year_without_an_assessment_is_unknown(case: SilverCase) -> None:
    await case.tax_year(2022, account_balance=money("800.00"))
    await case.activity(2022, 0, "196", "2023-06-01", "40.00", "interest")
    await promote(case)

    year = (await _years(case))[(2022, "TP")]
    assert (year["csed_status"], year["assessment_count"]) == ("UNKNOWN", 0)
    assert (year["earliest_csed"], year["latest_csed"], year["total_toll_days"]) == (
        None,
        None,
        None,
    )
    assert await _assessments(case) == []


async def test_an_expired_assessment_is_not_revived_by_a_later_stay(case: SilverCase) -> None:
    await case.tax_year(2005)
    await case.assessment(2005, 0, "150", "2006-04-15", "300.00")
    await case.interval(2005, 1, "bankruptcy", "2018-01-01")  # open, but after 2016-04-15
    await promote(case)

    year = (await _years(case))[(2005, "TP")]
    assert (year["csed_status"], year["latest_csed"]) == ("EXPIRED", day("2016-04-15"))
    # 12 × (2016 − 2024) + (4 − 6) = −98, less 1 (15 < 30)
    assert year["months_until_latest_csed"] == -99


async def test_manual_intervals_toll_like_transcript_ones(case: SilverCase) -> None:
    await case.tax_year(2018)
    await case.assessment(2018, 0, "150", "2019-04-15", "700.00")
    # Military service entered by an analyst: 2020-01-01 … 2020-04-10, no extra days = 100 days
    await case.interval(2018, 0, "military_service", "2020-01-01", "2020-04-10", manual=True)
    await promote(case)

    [assessment] = await _assessments(case)
    assert assessment["toll_days"] == 100
    assert assessment["adjusted_csed"] == day("2029-07-24")  # 2029-04-15 + 100 days


async def test_modules_of_taxpayer_and_spouse_are_apart(case: SilverCase) -> None:
    await case.tax_year(2021, "TP")
    await case.tax_year(2021, "S")
    await case.assessment(2021, 0, "150", "2022-04-18", "100.00", owner="TP")
    await case.assessment(2021, 0, "150", "2022-05-02", "100.00", owner="S")
    await case.interval(2021, 1, "bankruptcy", "2023-01-01", "2023-01-31", owner="S")
    await promote(case)

    years = await _years(case)
    assert years[(2021, "TP")]["latest_csed"] == day("2032-04-18")
    assert years[(2021, "S")]["latest_csed"] == day("2032-06-01")  # 2032-05-02 + 30 days


async def test_the_year_takes_the_status_of_its_latest_csed_not_the_most_urgent(
    case: SilverCase,
) -> None:
    await case.tax_year(2013, account_balance=money("3000.00"))
    await case.assessment(2013, 0, "150", "2014-09-15", "2000.00")
    await case.assessment(2013, 1, "290", "2020-03-09", "1000.00")
    await promote(case)

    first, second = await _assessments(case)
    # 2014-09-15 + 10 years = 2024-09-15: 31 + 31 + 15 = 77 days after 2024-06-30
    assert (first["days_remaining"], first["csed_status"]) == (77, "EXPIRING_SOON")
    assert (second["adjusted_csed"], second["csed_status"]) == (day("2030-03-09"), "ACTIVE")
    year = (await _years(case))[(2013, "TP")]
    assert (year["earliest_csed"], year["latest_csed"]) == (day("2024-09-15"), day("2030-03-09"))
    # The 290's status, which controls the remaining balance; not the 150's EXPIRING_SOON.
    assert (year["csed_status"], year["total_toll_days"]) == ("ACTIVE", 0)
    # 12 × (2030 − 2024) + (3 − 6) = 69, less 1 (9 < 30) = 68
    assert year["months_until_latest_csed"] == 68


async def test_one_open_assessment_makes_the_year_open_beside_an_expired_one(
    case: SilverCase,
) -> None:
    await case.tax_year(2009, account_balance=money("900.00"))
    await case.assessment(2009, 0, "150", "2010-04-15", "400.00")  # CSED 2020-04-15
    await case.assessment(2009, 1, "290", "2018-06-11", "500.00")  # CSED 2028-06-11
    # An open stay from 2022-01-03: after the 150's CSED (it stays expired), before the 290's.
    await case.interval(2009, 2, "bankruptcy", "2022-01-03")
    await promote(case)

    first, second = await _assessments(case)
    # 2020-04-15 → 2024-04-15 = 3 × 365 + 366 = 1,461 days; → 2024-06-30 + 76 = 1,537 past
    assert (first["open_tolling"], first["csed_status"], first["days_remaining"]) == (
        False,
        "EXPIRED",
        -1537,
    )
    assert (second["open_tolling"], second["adjusted_csed"], second["csed_status"]) == (
        True,
        None,
        "OPEN",
    )
    year = (await _years(case))[(2009, "TP")]
    # latest_csed is null while any assessment is open; the earliest known date is kept.
    assert (year["csed_status"], year["latest_csed"], year["earliest_csed"]) == (
        "OPEN",
        None,
        day("2020-04-15"),
    )
    assert (year["total_toll_days"], year["months_until_latest_csed"]) == (None, None)
