"""Gold looks the IRS Collection Financial Standards up for the household, on the as-of date
(DOMAIN 4.5; docs/reference-data.md).

Each test loads its own period, years apart from every other test's, through the loader.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import asyncpg
import pytest

from medallion.gold.result import GoldResult
from medallion.reference.standards_load import load_standards
from tests.gold import standards_files
from tests.gold.helpers import SilverCase, money, promote, warnings_with
from tests.support.case_ids import fresh_case_id

Key = tuple[str, str]


async def _load(pool: asyncpg.Pool, paths: list[Path]) -> dict[str, int]:
    async with pool.acquire() as conn:
        loaded = await load_standards(conn, paths)
    return {f.kind: f.version_id for f in loaded}


async def _expenses(case: SilverCase) -> dict[Key, dict[str, object]]:
    rows = await case.gold_rows("monthly_expenses", "expense_category, expense_subcategory")
    return {(r["expense_category"], r["expense_subcategory"]): dict(r) for r in rows}


def _day(year: int) -> datetime.date:
    return datetime.date(year, 4, 21)


def _soon_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=14)


async def test_a_household_of_six_takes_the_additional_person_amounts(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2110)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    await case.snapshot(
        tp_house_members=6,
        members_under_65=6,
        members_over_65=0,
        location_state="OH",
        location_county="Franklin County",
        exp_food=money("1200.00"),
        exp_rent=money("2500.00"),
    )
    await promote(case, as_of=_soon_after(day))

    expenses = await _expenses(case)
    # Each national category stops at the four-person figure …
    assert expenses[("food", "food")]["irs_standard_amount"] == Decimal("1000.00")
    # … and the persons beyond four add the published per-person amount: 2 × 380.00.
    extra = expenses[("national_standards", "additional_persons")]
    assert (extra["irs_standard_amount"], extra["allowed_amount"]) == (
        Decimal("760.00"),
        Decimal("760.00"),
    )
    # Housing: "5 or more" for Franklin County: 1,500.00 + 4 × 100.00
    assert expenses[("housing", "standard_cap")]["irs_standard_amount"] == Decimal("1900.00")


async def test_members_65_and_older_take_their_own_health_figure(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2120)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    await case.snapshot(
        tp_house_members=3, members_under_65=2, members_over_65=1, exp_copays=money("40.00")
    )
    await promote(case, as_of=_soon_after(day))

    row = (await _expenses(case))[("healthcare", "out_of_pocket")]
    # 2 × 80.00 under 65 + 1 × 150.00 aged 65 or older
    assert (row["irs_standard_amount"], row["allowed_amount"]) == (
        Decimal("310.00"),
        Decimal("310.00"),
    )


async def test_a_county_missing_from_the_table_is_standard_missing_with_the_reason(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2130)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    await case.snapshot(
        tp_house_members=2,
        location_state="OH",
        location_county="Sample County",
        exp_rent=money("1300.00"),
    )
    result = await promote(case, as_of=_soon_after(day))

    rent = (await _expenses(case))[("housing", "rent")]
    assert (rent["allowed_amount"], rent["assumptions"]) == (
        Decimal("1300.00"),
        ["standard_missing"],
    )
    assert [w.detail for w in warnings_with(result, "standard_missing")] == [
        "no IRS standard for housing/rent (no housing_utilities row for county "
        "'Sample County' of OH): allowed at the actual amount"
    ]


async def test_no_table_in_force_is_standard_missing_with_the_reason(case: SilverCase) -> None:
    # The earliest shipped national table is effective 2025-04-21.
    await case.snapshot(tp_house_members=2, exp_food=money("640.00"))
    result = await promote(case, as_of=datetime.date(2020, 6, 30))

    assert [w.detail for w in warnings_with(result, "standard_missing")] == [
        "no IRS standard for food/food (no national_standards table in force on 2020-06-30): "
        "allowed at the actual amount"
    ]


async def test_a_metropolitan_county_takes_the_area_figure_and_another_the_region_figure(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2140)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    rural = await SilverCase.create(case.pool, fresh_case_id())
    for silver, county in ((case, "Cuyahoga"), (rural, "Adams")):
        await silver.snapshot(
            tp_house_members=2,
            location_state="OH",
            location_county=county,
            vehicle_count=1,
            exp_auto_insurance=money("450.00"),
        )
        await promote(silver, as_of=_soon_after(day))

    # Both counties are in Ohio (Midwest); Cuyahoga is in the Cleveland area.
    metropolitan = (await _expenses(case))[("transportation", "auto_insurance")]
    regional = (await _expenses(rural))[("transportation", "auto_insurance")]
    assert metropolitan["irs_standard_amount"] == Decimal("300.00")
    assert regional["irs_standard_amount"] == Decimal("250.00")


async def test_vehicles_beyond_two_count_as_two(case: SilverCase, tmp_path: Path) -> None:
    day = _day(2150)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    await case.snapshot(
        location_state="TX",
        location_county="Travis",
        vehicle_count=3,
        exp_auto_insurance=money("900.00"),
        exp_auto_payment1=money("700.00"),
        exp_auto_payment2=money("700.00"),
    )
    await promote(case, as_of=_soon_after(day))

    expenses = await _expenses(case)
    # South region, two vehicles: 500.00
    assert expenses[("transportation", "auto_insurance")]["allowed_amount"] == Decimal("500.00")
    # Ownership: 600.00 for the first vehicle, 1,200.00 − 600.00 for the second
    assert expenses[("transportation", "auto_payment_1")]["allowed_amount"] == Decimal("600.00")
    assert expenses[("transportation", "auto_payment_2")]["allowed_amount"] == Decimal("600.00")


async def test_the_as_of_date_picks_the_period_in_force(case: SilverCase, tmp_path: Path) -> None:
    first, second = _day(2160), _day(2161)
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    versions_first = await _load(case.pool, [standards_files.national(tmp_path / "first", first)])
    versions_second = await _load(
        case.pool, [standards_files.national(tmp_path / "second", second, bump=10)]
    )
    await case.snapshot(tp_house_members=4, exp_food=money("900.00"))

    for as_of, figure, versions in (
        (_soon_after(first), "1000.00", versions_first),
        (_soon_after(second), "1010.00", versions_second),
        (second - datetime.timedelta(days=1), "1000.00", versions_first),
    ):
        await promote(case, as_of=as_of)
        food = (await _expenses(case))[("food", "food")]
        assert food["irs_standard_amount"] == Decimal(figure), as_of
        # Each row records the reference version it used.
        assert food["reference_version_id"] == versions["national_standards"], as_of


@pytest.mark.parametrize(
    ("written", "figure"),
    [
        ("travis", "1800.00"),  # Travis County, household of 2
        ("TRAVIS COUNTY", "1800.00"),
        ("Orleans", "1450.00"),  # Orleans Parish
        ("St. Louis City", "1400.00"),
        ("Saint Louis County", "1650.00"),
    ],
)
async def test_county_names_match_loosely(
    case: SilverCase, tmp_path: Path, written: str, figure: str
) -> None:
    day = _day(2170)
    # Every parametrised run loads the same files: the second and later loads change nothing.
    directory = tmp_path.parent / "loose_counties"
    directory.mkdir(exist_ok=True)
    await _load(case.pool, [standards_files.housing(directory, day)])
    state = {"travis": "TX", "orleans": "LA"}.get(written.split()[0].casefold(), "MO")
    await case.snapshot(
        tp_house_members=2,
        location_state=state,
        location_county=written,
        exp_rent=money("100.00"),
    )
    await promote(case, as_of=_soon_after(day))

    cap = (await _expenses(case))[("housing", "standard_cap")]
    assert cap["irs_standard_amount"] == Decimal(figure)


async def test_a_county_name_that_fits_two_places_is_a_warning_not_a_guess(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2180)
    await _load(case.pool, standards_files.every_kind(tmp_path, day))
    await case.snapshot(
        tp_house_members=2,
        location_state="MD",
        location_county="Baltimore",
        exp_rent=money("1300.00"),
    )
    result = await promote(case, as_of=_soon_after(day))

    expenses = await _expenses(case)
    assert ("housing", "standard_cap") not in expenses
    assert expenses[("housing", "rent")]["assumptions"] == ["standard_missing"]
    [ambiguous] = warnings_with(result, "county_ambiguous")
    assert "Baltimore City or Baltimore County" in ambiguous.detail


async def test_a_table_more_than_a_year_old_may_be_outdated(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2190)
    await _load(case.pool, [standards_files.national(tmp_path, day)])
    await case.snapshot(tp_house_members=1, exp_food=money("300.00"))

    def national_outdated(result: GoldResult) -> list[str]:
        return [
            w.detail
            for w in warnings_with(result, "standard_may_be_outdated")
            if "national_standards" in w.detail
        ]

    assert national_outdated(await promote(case, as_of=day + datetime.timedelta(days=365))) == []
    assert national_outdated(await promote(case, as_of=day + datetime.timedelta(days=366))) == [
        "national_standards table effective 2190-04-21 is more than a year old on 2191-04-22; "
        "the IRS publishes new standards each spring"
    ]


async def test_the_interview_s_own_standard_keeps_precedence(
    case: SilverCase, tmp_path: Path
) -> None:
    day = _day(2200)
    await _load(case.pool, [standards_files.national(tmp_path, day)])
    await case.snapshot(tp_house_members=1, exp_food=money("300.00"), std_food=money("333.00"))
    await promote(case, as_of=_soon_after(day))

    food = (await _expenses(case))[("food", "food")]
    assert (food["irs_standard_amount"], food["reference_version_id"]) == (Decimal("333.00"), None)
