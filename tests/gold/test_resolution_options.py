"""resolution_options (DOMAIN 4.11). Each Decision has a test whose expectation the inherited
rule (named in a comment) would not meet. Every build is as of 2024-06-30."""

from decimal import Decimal
from typing import Any

from medallion.gold.promote import promote_gold
from tests.gold.helpers import AS_OF, SilverCase, money, new_run_id, promote, warnings_with


async def _options(case: SilverCase) -> dict[str, Any]:
    [row] = await case.gold_rows("resolution_options", "case_id")
    return dict(row)


async def _owed_year(
    case: SilverCase, tax_year: int, balance: str, assessed_on: str | None = None
) -> None:
    """A year with a balance and, when `assessed_on` is given, one TC 150 assessment."""
    await case.tax_year(tax_year, account_balance=money(balance))
    if assessed_on is not None:
        await case.assessment(tax_year, 0, "150", assessed_on, balance)


async def test_income_counts_every_interview_line_and_no_rental_loss(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("4000.00"),
        sp_wages=money("2500.00"),
        tp_social_security=money("1200.00"),
        dividends_interest=money("50.00"),
        rental_gross=money("500.00"),
        rental_expenses=money("800.00"),
    )
    await promote(case)

    row = await _options(case)
    # 4,000 + 2,500 + 1,200 + 50 + max(0, 500 − 800) = 7,750.00
    # (inherited AL7 + AL8 = 6,500.00; letting the rental loss offset would give 7,450.00)
    assert row["total_monthly_income"] == Decimal("7750.00")


async def test_wi_history_is_not_current_income(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("3000.00"))
    await case.income_document(2023, 0, "W-2", "60000.00")
    await promote(case)

    assert (await _options(case))["total_monthly_income"] == Decimal("3000.00")


async def test_allowed_expenses_are_summed_not_actuals(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("3000.00"),
        exp_taxes=money("600.00"),
        exp_term_life=money("40.00"),
        exp_whole_life=money("250.00"),  # allowed 0
    )
    await promote(case)

    row = await _options(case)
    assert row["total_allowable_expenses"] == Decimal("640.00")  # 600 + 40 + 0
    assert row["disposable_income"] == Decimal("2360.00")  # 3,000 − 640


async def test_total_debt_counts_only_years_with_a_balance(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("1000.00"))
    await _owed_year(case, 2019, "3000.00")
    await _owed_year(case, 2020, "-250.00")  # a credit is not netted against the debt
    await case.tax_year(2021)  # no balance reported
    await promote(case)

    assert (await _options(case))["total_debt"] == Decimal("3000.00")  # not 2,750.00


async def test_months_until_csed_uses_the_latest_known_csed_of_owed_years(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_wages=money("1000.00"))
    await _owed_year(case, 2018, "500.00", "2019-05-20")  # CSED 2029-05-20
    await _owed_year(case, 2019, "500.00", "2020-06-15")  # CSED 2030-06-15
    await _owed_year(case, 2020, "500.00")  # no assessment: UNKNOWN, left out
    await _owed_year(case, 2022, "0.00", "2023-05-15")  # no balance: its 2033 CSED is ignored
    result = await promote(case)

    row = await _options(case)
    # 2024-06-30 → 2030-06-15: 12 × 6 + 0 = 72, less 1 (15 < 30) = 71. The inherited
    # "today + 10 years" for the 2020 year would have made it 120.
    assert row["months_until_csed"] == 71
    assert "csed_unknown" in row["assumptions"]
    [warning] = warnings_with(result, "csed_unknown")
    assert warning.detail.startswith("1 year(s)")


async def test_months_until_csed_is_null_when_no_owed_year_has_a_known_csed(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_wages=money("1000.00"))
    await _owed_year(case, 2020, "500.00")
    await promote(case)

    row = await _options(case)
    assert (row["months_until_csed"], row["assumptions"]) == (None, ["csed_unknown"])
    # The payment is positive but there is no CSED to pay off before.
    assert (row["ia_monthly_payment"], row["ia_payoff_months"]) == (Decimal("1000.00"), 1)
    assert row["ia_eligible"] is None


async def test_no_payment_means_no_installment_agreement(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("1000.00"), exp_taxes=money("1000.00"))
    await _owed_year(case, 2020, "500.00")  # and no CSED either: still false, not null
    await promote(case)

    row = await _options(case)
    assert (row["ia_monthly_payment"], row["ia_payoff_months"]) == (Decimal("0.00"), None)
    assert row["ia_eligible"] is False


async def test_ia_payoff_months_round_up(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("700.00"))
    await _owed_year(case, 2020, "3000.00", "2021-04-15")  # CSED 2031-04-15: 81 months
    await promote(case)

    row = await _options(case)
    assert row["ia_payoff_months"] == 5  # 3,000 / 700 = 4.29 → 5
    assert row["ia_eligible"] is True  # 5 < 81


async def test_quick_sale_value_is_per_asset_with_cash_at_full_value(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("0.00"),
        cash_on_hand=money("150.00"),
        investments_value=money("5000.00"),
        investments_loan=money("1000.00"),
        vehicle1_value=money("10000.00"),
        vehicle1_loan=money("12000.00"),
        real_estate_value=money("200000.00"),
        other_assets_loan=money("500.00"),
    )
    await case.bank_account(0, "Checking", "First Example Bank", "1000.00")
    await promote(case)

    row = await _options(case)
    # checking 1,000 + cash 150 (100 %); investments 5,000 × 0.8 − 1,000 = 3,000;
    # vehicle max(0, 8,000 − 12,000) = 0; house 160,000 (null loan = 0); the loan-only
    # other asset is left out: 164,150.00.
    # Inherited (assets − liabilities) × 0.80 = (216,150 − 13,500) × 0.80 = 162,120.00.
    assert row["quick_sale_value"] == Decimal("164150.00")


async def test_lump_sum_offer_uses_12_months_and_a_threshold_of_one(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("1000.00"), exp_taxes=money("500.00"), cash_on_hand=money("11000.00")
    )
    await _owed_year(case, 2020, "20000.00", "2021-04-15")
    await promote(case)

    row = await _options(case)
    assert (row["offer_type"], row["future_income_months"]) == ("lump_sum", 12)  # inherited 24
    assert row["future_income_potential"] == Decimal("6000.00")  # 500 × 12
    assert row["rcp"] == Decimal("17000.00")  # 11,000 + 6,000
    assert row["recommended_offer"] == Decimal("15300.00")  # 17,000 × 0.90
    # 17,000 < 20,000 × 1.00; the inherited 0.80 threshold (16,000) would refuse it
    assert row["oic_eligible"] is True
    assert row["cnc_eligible"] is False
    assert (row["qsv_factor"], row["offer_factor"], row["oic_threshold"]) == (
        Decimal("0.8000"),
        Decimal("0.9000"),
        Decimal("1.0000"),
    )


async def test_the_policy_is_read_from_resolution_policy(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("1000.00"), exp_taxes=money("500.00"), cash_on_hand=money("11000.00")
    )
    await _owed_year(case, 2020, "20000.00", "2021-04-15")
    async with case.pool.acquire() as conn:
        transaction = conn.transaction()
        await transaction.start()
        try:
            await conn.execute(
                "UPDATE resolution_policy SET offer_type = 'periodic', oic_threshold = 0.80"
                " WHERE policy_name = 'default'"
            )
            await promote_gold(conn, case.case_id, AS_OF, new_run_id())
            row = await conn.fetchrow(
                "SELECT * FROM resolution_options WHERE case_id = $1", case.case_id
            )
        finally:
            await transaction.rollback()  # the seeded policy stays as it was

    assert row is not None
    assert (row["offer_type"], row["future_income_months"]) == ("periodic", 24)
    assert row["rcp"] == Decimal("23000.00")  # 11,000 + 500 × 24
    assert row["oic_eligible"] is False  # 23,000 ≥ 20,000 × 0.80


async def test_without_an_interview_nothing_looks_collectible_by_default(
    case: SilverCase,
) -> None:
    await _owed_year(case, 2020, "5000.00", "2021-04-15")
    await promote(case)

    row = await _options(case)
    # Inherited: an empty Σ made disposable income 0, so every such case was CNC-eligible.
    for column in (
        "total_monthly_income",
        "total_allowable_expenses",
        "disposable_income",
        "ia_monthly_payment",
        "ia_payoff_months",
        "ia_eligible",
        "quick_sale_value",
        "future_income_potential",
        "rcp",
        "recommended_offer",
        "oic_eligible",
        "cnc_eligible",
    ):
        assert row[column] is None, column
    assert row["assumptions"] == ["no_interview"]
    assert (row["total_debt"], row["months_until_csed"]) == (Decimal("5000.00"), 81)


async def test_negative_disposable_income_is_cnc_and_not_oic(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("1000.00"), exp_taxes=money("1200.00"))
    await _owed_year(case, 2020, "5000.00", "2021-04-15")
    await promote(case)

    row = await _options(case)
    assert row["disposable_income"] == Decimal("-200.00")
    assert (row["cnc_eligible"], row["oic_eligible"], row["ia_eligible"]) == (True, False, False)
    assert row["future_income_potential"] == Decimal("0.00")  # max(0, −200) × 12


async def test_savings_and_other_accounts_count_at_full_value(case: SilverCase) -> None:
    await case.snapshot(
        tp_wages=money("0.00"),
        retirement_value=money("1000.00"),
        life_insurance_value=money("250.00"),
        life_insurance_loan=money("50.00"),
    )
    await case.bank_account(0, "Savings", "Credit Union", "1000.01")
    await case.bank_account(1, "Money market", None, "500.00")  # account type `other`
    await promote(case)

    row = await _options(case)
    # savings 1,000.01 + other 500.00 at 100 %; retirement 1,000 × 0.8 = 800.00; life
    # insurance 250 × 0.8 − 50 = 150.00: 2,450.01 (the two accounts at 80 %: 2,050.01)
    assert row["quick_sale_value"] == Decimal("2450.01")


async def test_a_bank_total_counts_at_full_value(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("0.00"), bank_accounts_total=money("2300.00"))
    await promote(case)

    assert (await _options(case))["quick_sale_value"] == Decimal("2300.00")  # not 1,840.00


async def test_quick_sale_value_is_rounded_once_over_all_assets(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("0.00"))
    for line_no in range(3):
        await case.vehicle(line_no, current_value=money("100.01"))
    await promote(case)

    # 100.01 × 0.8 = 80.008 each; 3 × 80.008 = 240.024 → 240.02
    # (rounding each asset first: 3 × 80.01 = 240.03)
    assert (await _options(case))["quick_sale_value"] == Decimal("240.02")
