"""monthly_expenses (DOMAIN 4.5)."""

import datetime
from decimal import Decimal
from pathlib import Path

import asyncpg

from medallion.reference.standards_load import load_standards
from tests.gold import standards_files
from tests.gold.helpers import SilverCase, money, promote, warnings_with

Key = tuple[str, str]


async def _expenses(case: SilverCase) -> dict[Key, dict[str, object]]:
    rows = await case.gold_rows("monthly_expenses", "expense_category, expense_subcategory")
    return {(r["expense_category"], r["expense_subcategory"]): dict(r) for r in rows}


def _allowed_total(expenses: dict[Key, dict[str, object]], category: str) -> Decimal:
    total = Decimal(0)
    for (row_category, _), row in expenses.items():
        allowed = row["allowed_amount"]
        if row_category == category and isinstance(allowed, Decimal):
            total += allowed
    return total


async def test_national_standards_allow_the_standard_whatever_was_spent(
    case: SilverCase,
) -> None:
    # Inherited: MAX(standard, actual), which would allow 900.00 for food.
    await case.snapshot(
        exp_food=money("900.00"),
        std_food=money("700.00"),
        exp_apparel=money("50.00"),
        std_apparel=money("90.00"),
        std_misc=money("170.00"),
    )
    await promote(case)

    expenses = await _expenses(case)
    food = expenses[("food", "food")]
    assert (food["allowed_amount"], food["excess_over_standard"]) == (
        Decimal("700.00"),
        Decimal("200.00"),  # 900.00 − 700.00, to be justified
    )
    assert food["needs_review"] is True
    assert food["standard_kind"] == "national"
    apparel = expenses[("apparel", "apparel")]
    assert (apparel["allowed_amount"], apparel["excess_over_standard"]) == (
        Decimal("90.00"),
        Decimal("0.00"),
    )
    assert apparel["needs_review"] is False
    misc = expenses[("misc", "misc")]  # a standard without an actual still makes a row
    assert (misc["actual_amount"], misc["allowed_amount"]) == (None, Decimal("170.00"))
    assert misc["excess_over_standard"] is None


async def test_without_any_standard_the_actual_is_allowed_with_an_assumption(
    case: SilverCase,
) -> None:
    await case.snapshot(exp_food=money("640.00"))
    result = await promote(case)

    food = (await _expenses(case))[("food", "food")]
    assert food["allowed_amount"] == Decimal("640.00")
    assert food["irs_standard_amount"] is None
    assert food["assumptions"] == ["standard_missing"]
    assert [w.detail for w in warnings_with(result, "standard_missing")] == [
        "no IRS standard for food/food (no national_standards table in force on 2024-06-30): "
        "allowed at the actual amount"
    ]


async def test_housing_and_utilities_are_capped_as_a_group(case: SilverCase) -> None:
    # Inherited: MAX(standard, actual) = 1,650.50 allowed.
    await case.snapshot(
        std_housing=money("1500.00"),
        exp_rent=money("1400.00"),
        exp_util_electricity=money("250.50"),
    )
    await promote(case)

    expenses = await _expenses(case)
    assert expenses[("housing", "rent")]["allowed_amount"] == Decimal("1400.00")
    assert expenses[("utilities", "electricity")]["allowed_amount"] == Decimal("250.50")
    cap = expenses[("housing", "standard_cap")]
    assert cap["irs_standard_amount"] == Decimal("1500.00")
    # min(0, 1,500.00 − (1,400.00 + 250.50)) = −150.50
    assert cap["allowed_amount"] == Decimal("-150.50")
    # 1,400.00 − 150.50 + 250.50 = 1,500.00 = min(Σ actual, standard)
    assert _allowed_total(expenses, "housing") + _allowed_total(expenses, "utilities") == Decimal(
        "1500.00"
    )


async def test_a_housing_group_under_its_standard_keeps_its_actuals(case: SilverCase) -> None:
    await case.snapshot(std_housing=money("2000.00"), exp_mortgage_lien1=money("1200.00"))
    await promote(case)

    expenses = await _expenses(case)
    assert expenses[("housing", "mortgage_lien_1")]["allowed_amount"] == Decimal("1200.00")
    assert expenses[("housing", "standard_cap")]["allowed_amount"] == Decimal("0.00")


async def test_whole_life_is_recorded_but_not_allowed(case: SilverCase) -> None:
    # Inherited: whole-life premiums were added to the allowed total.
    await case.snapshot(exp_whole_life=money("210.00"), exp_term_life=money("35.00"))
    await promote(case)

    expenses = await _expenses(case)
    whole = expenses[("insurance", "whole_life")]
    assert (whole["actual_amount"], whole["allowed_amount"]) == (Decimal("210.00"), Decimal(0))
    assert whole["needs_review"] is True
    assert expenses[("insurance", "term_life")]["allowed_amount"] == Decimal("35.00")


async def test_out_of_pocket_health_sums_the_lines_it_has(case: SilverCase) -> None:
    await case.snapshot(exp_copays=money("45.00"), std_health_out_of_pocket=money("84.00"))
    await promote(case)

    oop = (await _expenses(case))[("healthcare", "out_of_pocket")]
    # null prescriptions + 45.00 copays = 45.00 (a null line does not blank the other)
    assert oop["actual_amount"] == Decimal("45.00")
    assert oop["allowed_amount"] == Decimal("84.00")  # a national standard


async def test_local_transport_standards_allow_the_smaller_figure(case: SilverCase) -> None:
    await case.snapshot(
        exp_public_transportation=money("120.00"), std_public_transportation=money("100.00")
    )
    await promote(case)

    public = (await _expenses(case))[("transportation", "public_transportation")]
    assert (public["allowed_amount"], public["excess_over_standard"]) == (
        Decimal("100.00"),  # min(120.00, 100.00)
        Decimal("20.00"),
    )
    assert public["standard_kind"] == "local"


async def test_the_auto_total_is_never_added_and_is_checked(case: SilverCase) -> None:
    await case.snapshot(
        exp_auto_total=money("999.00"),
        exp_auto_insurance=money("100.00"),
        exp_auto_payment1=money("300.00"),
    )
    result = await promote(case)

    expenses = await _expenses(case)
    assert {k for k in expenses if k[0] == "transportation"} == {
        ("transportation", "auto_insurance"),
        ("transportation", "auto_payment_1"),
    }
    [warning] = warnings_with(result, "auto_total_mismatch")
    assert warning.detail == (
        "auto expense total differs from insurance + payments; the lines are used, the total is not"
    )


async def test_other_entries_yield_to_dedicated_lines_and_same_names_are_summed(
    case: SilverCase,
) -> None:
    await case.snapshot(exp_court_payments=money("250.00"))
    await case.other_expense(0, "Court fees", "75.00")  # the dedicated line is filled in
    await case.other_expense(1, "Childcare", "300.00")  # its dedicated line is empty
    await case.other_expense(2, "Storage", "40.00")
    await case.other_expense(3, "  storage ", "60.00")
    result = await promote(case)

    expenses = await _expenses(case)
    assert {k for k in expenses if k[0] == "other"} == {
        ("other", "childcare"),
        ("other", "storage"),
    }
    storage = expenses[("other", "storage")]
    assert storage["actual_amount"] == Decimal("100.00")  # 40.00 + 60.00
    assert storage["needs_review"] is True
    assert expenses[("court_payments", "court_payments")]["allowed_amount"] == Decimal("250.00")
    assert len(warnings_with(result, "other_expense_not_added")) == 1


async def _load_standards(pool: asyncpg.Pool, directory: Path, day: datetime.date) -> None:
    async with pool.acquire() as conn:
        await load_standards(conn, standards_files.every_kind(directory, day))


async def test_missing_standards_are_looked_up_for_the_household_on_the_as_of_date(
    case: SilverCase, tmp_path: Path
) -> None:
    # A period of its own, so no other test sees these figures.
    start = datetime.date(2031, 1, 1)
    await _load_standards(case.pool, tmp_path, start)
    await case.snapshot(
        tp_house_members=3,
        members_under_65=2,
        members_over_65=1,
        location_state="OH",
        location_county="franklin",
        exp_food=money("900.00"),
        exp_rent=money("1500.00"),
        exp_util_electricity=money("200.00"),
        exp_auto_payment1=money("650.00"),
        exp_auto_insurance=money("150.00"),
        exp_prescriptions=money("30.00"),
    )
    await promote(case, as_of=start + datetime.timedelta(days=14))

    expenses = await _expenses(case)
    food = expenses[("food", "food")]
    assert (food["irs_standard_amount"], food["allowed_amount"]) == (
        Decimal("850.00"),  # household of 3
        Decimal("850.00"),
    )
    # Franklin County, household of 3: 1,700.00; 1,500.00 + 200.00 is not over it.
    cap = expenses[("housing", "standard_cap")]
    assert (cap["irs_standard_amount"], cap["allowed_amount"]) == (
        Decimal("1700.00"),
        Decimal("0.00"),
    )
    assert expenses[("transportation", "auto_payment_1")]["allowed_amount"] == Decimal(
        "600.00"
    )  # min(650.00, 600.00)
    assert expenses[("transportation", "auto_insurance")]["allowed_amount"] == Decimal(
        "150.00"
    )  # min(150.00, 250.00 for one vehicle in the Midwest)
    # 80.00 × 2 under 65 + 150.00 × 1 aged 65 or over = 310.00
    assert expenses[("healthcare", "out_of_pocket")]["irs_standard_amount"] == Decimal("310.00")
    assert all(r["assumptions"] == [] for r in expenses.values())


async def test_household_size_falls_back_to_members_under_and_over_65(
    case: SilverCase, tmp_path: Path
) -> None:
    # A period of its own (see above), so no other test sees these figures.
    start = datetime.date(2033, 1, 1)
    await _load_standards(case.pool, tmp_path, start)
    await case.snapshot(
        members_under_65=2,
        members_over_65=1,  # no tp_house_members: the household is 2 + 1 = 3
        location_state="OH",
        location_county="Franklin",
        exp_food=money("900.00"),
        exp_rent=money("1500.00"),
    )
    await promote(case, as_of=start + datetime.timedelta(days=14))

    expenses = await _expenses(case)
    # The food standard for 3 is 850.00 (for 2, had the fallback been missed: 700.00).
    food = expenses[("food", "food")]
    assert (food["irs_standard_amount"], food["allowed_amount"]) == (
        Decimal("850.00"),
        Decimal("850.00"),
    )
    # Franklin County, household of 3: 1,700.00; min(0, 1,700.00 − 1,500.00) = 0.00
    cap = expenses[("housing", "standard_cap")]
    assert (cap["irs_standard_amount"], cap["allowed_amount"]) == (
        Decimal("1700.00"),
        Decimal("0.00"),
    )


async def test_a_missing_standard_allows_the_actual_and_leaves_the_excess_null(
    case: SilverCase,
) -> None:
    # No standard supplied and none in effect on 2024-06-30 for any of these lines.
    await case.snapshot(
        exp_food=money("640.00"),
        exp_rent=money("1200.00"),
        exp_util_gas=money("80.00"),
        exp_auto_payment1=money("450.00"),
    )
    result = await promote(case)

    expenses = await _expenses(case)
    for key, actual in (
        (("food", "food"), "640.00"),
        (("housing", "rent"), "1200.00"),
        (("utilities", "gas"), "80.00"),
        (("transportation", "auto_payment_1"), "450.00"),
    ):
        row = expenses[key]
        assert row["allowed_amount"] == Decimal(actual), key
        # max(0, actual − standard) with a null standard is null, not the actual or 0
        assert row["excess_over_standard"] is None, key
        assert row["assumptions"] == ["standard_missing"], key
    # No group standard: no cap row to bring the group down.
    assert ("housing", "standard_cap") not in expenses
    assert len(warnings_with(result, "standard_missing")) == 4
