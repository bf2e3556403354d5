"""financial_accounts, vehicles, real_property, other_assets (DOMAIN 4.6)."""

from decimal import Decimal

from tests.gold.helpers import SilverCase, day, money, promote


async def test_bank_grid_rows_become_typed_accounts_beside_the_snapshot_balances(
    case: SilverCase,
) -> None:
    await case.snapshot(
        bank_accounts_total=money("9999.00"),  # ignored: the grid is there
        cash_on_hand=money("120.00"),
        investments_value=money("5000.00"),
        investments_loan=money("1250.50"),
        retirement_value=money("30000.00"),
    )
    await case.bank_account(0, "Checking", "First Bank", "1500.25")
    await case.bank_account(1, "SAVINGS", "Credit Union", "800.00")
    await case.bank_account(2, "Money market", None, "50.00")
    await promote(case)

    rows = await case.gold_rows("financial_accounts", "account_no")
    assert [(r["account_type"], r["current_balance"], r["equity"]) for r in rows] == [
        ("checking", Decimal("1500.25"), Decimal("1500.25")),
        ("savings", Decimal("800.00"), Decimal("800.00")),
        ("other", Decimal("50.00"), Decimal("50.00")),
        ("cash", Decimal("120.00"), Decimal("120.00")),
        ("investment", Decimal("5000.00"), Decimal("3749.50")),  # 5,000.00 − 1,250.50
        ("retirement", Decimal("30000.00"), Decimal("30000.00")),  # null loan counts as 0
    ]
    assert rows[0]["institution_name"] == "First Bank"
    assert rows[0]["balance_date"] is not None  # the interview's fetch date


async def test_without_a_bank_grid_the_total_is_one_bank_total_row(case: SilverCase) -> None:
    await case.snapshot(bank_accounts_total=money("2300.00"))
    await promote(case)

    [row] = await case.gold_rows("financial_accounts", "account_no")
    assert (row["account_type"], row["current_balance"]) == ("bank_total", Decimal("2300.00"))


async def test_a_loan_without_a_value_gives_a_null_equity(case: SilverCase) -> None:
    await case.snapshot(life_insurance_loan=money("400.00"))
    await promote(case)

    [row] = await case.gold_rows("financial_accounts", "account_no")
    assert row["account_type"] == "life_insurance_cash_value"
    assert (row["current_balance"], row["loan_balance"], row["equity"]) == (
        None,
        Decimal("400.00"),
        None,
    )


async def test_vehicle_grid_rows_keep_details_and_may_have_negative_equity(
    case: SilverCase,
) -> None:
    await case.snapshot(vehicle1_value=money("1.00"))  # ignored: the grid is there
    await case.vehicle(
        0,
        year=2019,
        make="Honda",
        model="Civic",
        current_value=money("14000.00"),
        loan_balance=money("16500.75"),
        monthly_payment=money("389.00"),
        final_payment_date=day("2026-05-01"),
        mileage=61000,
    )
    await promote(case)

    [row] = await case.gold_rows("vehicles", "vehicle_no")
    assert (row["year"], row["make"], row["model"], row["mileage"]) == (
        2019,
        "Honda",
        "Civic",
        61000,
    )
    assert row["vehicle_type"] == "unknown"  # previously forced to "car"
    assert row["equity"] == Decimal("-2500.75")  # 14,000.00 − 16,500.75


async def test_without_a_vehicle_grid_each_numbered_vehicle_with_data_is_a_row(
    case: SilverCase,
) -> None:
    await case.snapshot(
        vehicle1_value=money("9000.00"),
        vehicle2_value=None,
        vehicle3_loan=money("2000.00"),
    )
    await promote(case)

    rows = await case.gold_rows("vehicles", "vehicle_no")
    assert [(r["current_value"], r["loan_balance"], r["equity"]) for r in rows] == [
        (Decimal("9000.00"), None, Decimal("9000.00")),
        (None, Decimal("2000.00"), None),
    ]


async def test_real_property_from_the_grid_else_from_the_totals(case: SilverCase) -> None:
    await case.snapshot(real_estate_value=money("250000.00"), real_estate_loan=money("180000.00"))
    await promote(case)

    [from_totals] = await case.gold_rows("real_property", "property_no")
    assert from_totals["address"] is None
    assert from_totals["property_type"] == "unknown"  # previously assumed primary residence
    assert from_totals["equity"] == Decimal("70000.00")  # 250,000.00 − 180,000.00

    await case.real_property(
        0,
        address="1 Main St",
        current_value=money("260000.00"),
        loan_balance=money("175000.00"),
        purchase_price=money("200000.00"),
        purchase_date=day("2015-08-20"),
    )
    await promote(case)

    [from_grid] = await case.gold_rows("real_property", "property_no")
    assert from_grid["address"] == "1 Main St"
    assert from_grid["mortgage_balance"] == Decimal("175000.00")
    assert from_grid["equity"] == Decimal("85000.00")  # 260,000.00 − 175,000.00


async def test_other_assets_are_personal_effects_and_other(case: SilverCase) -> None:
    await case.snapshot(
        personal_effects_value=money("3000.00"),
        other_assets_value=money("700.00"),
        other_assets_loan=money("900.00"),
    )
    await promote(case)

    rows = await case.gold_rows("other_assets", "asset_no")
    assert [(r["asset_kind"], r["equity"]) for r in rows] == [
        ("personal_effects", Decimal("3000.00")),
        ("other", Decimal("-200.00")),  # 700.00 − 900.00
    ]
