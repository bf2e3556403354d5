"""year_balances (DOMAIN 4.7)."""

from decimal import Decimal

from tests.gold.helpers import SilverCase, day, money, promote, warnings_with


async def _balances(case: SilverCase) -> dict[tuple[int, str], dict[str, object]]:
    rows = await case.gold_rows("year_balances", "tax_year, owner")
    return {(r["tax_year"], r["owner"]): dict(r) for r in rows}


async def _module_2021(case: SilverCase) -> None:
    """A 2021 module whose signed amounts net to 3,200.50."""
    await case.activity(2021, 0, "150", "2022-04-15", "5000.00", "return_filed")
    await case.activity(2021, 1, "806", "2022-04-15", "-1200.00", "withholding")
    await case.activity(2021, 2, "610", "2022-04-15", "-800.00", "payment")
    await case.activity(2021, 3, "196", "2022-06-01", "150.25", "interest")
    await case.activity(2021, 4, "276", "2022-06-01", "100.25", "penalty")
    await case.activity(2021, 5, "291", "2022-09-01", "-50.00", "abatement")
    await case.activity(
        2021, 6, "971", "2022-09-01", "0.00", "collection_notice", affects_balance=False
    )


async def test_calculated_balance_is_the_signed_sum_and_totals_are_gross(
    case: SilverCase,
) -> None:
    await case.tax_year(2021, account_balance=money("3200.00"))
    await _module_2021(case)
    result = await promote(case)

    row = (await _balances(case))[(2021, "TP")]
    # 5,000.00 − 1,200.00 − 800.00 + 150.25 + 100.25 − 50.00 = 3,200.50
    # (negating payments a second time, as one inherited function did, would give 7,200.50)
    assert row["calculated_balance"] == Decimal("3200.50")
    assert row["reconciliation_delta"] == Decimal("0.50")  # 3,200.50 − 3,200.00
    assert warnings_with(result, "balance_mismatch") == []
    # 5,000.00 + 150.25 + 100.25 = 5,250.50; the 50.00 abatement is not netted
    assert row["total_assessed"] == Decimal("5250.50")
    # −(−1,200.00 − 800.00) = 2,000.00
    assert row["total_paid"] == Decimal("2000.00")
    assert row["reported_balance"] == Decimal("3200.00")
    assert row["source_bronze_ids"] == [case.bronze_ids["at"]]


async def test_a_delta_over_one_dollar_is_a_balance_mismatch(case: SilverCase) -> None:
    await case.tax_year(2021, account_balance=money("3199.00"))
    await _module_2021(case)
    result = await promote(case)

    assert (await _balances(case))[(2021, "TP")]["reconciliation_delta"] == Decimal("1.50")
    [warning] = warnings_with(result, "balance_mismatch")
    assert warning.tax_year == 2021
    assert warning.detail == "calculated balance differs from the reported one"


async def test_a_delta_of_exactly_one_dollar_is_tolerated(case: SilverCase) -> None:
    await case.tax_year(2021, account_balance=money("3201.50"))
    await _module_2021(case)
    result = await promote(case)

    assert (await _balances(case))[(2021, "TP")]["reconciliation_delta"] == Decimal("-1.00")
    assert warnings_with(result, "balance_mismatch") == []


async def test_no_reported_balance_means_no_delta_and_no_payoff(case: SilverCase) -> None:
    await case.tax_year(2021, accrued_interest=money("12.00"))
    await _module_2021(case)
    await promote(case)

    row = (await _balances(case))[(2021, "TP")]
    assert row["calculated_balance"] == Decimal("3200.50")
    assert row["reconciliation_delta"] is None
    assert row["payoff_balance"] is None  # accruals alone are not a balance


async def test_payoff_balance_adds_accruals_unless_a_total_is_reported(case: SilverCase) -> None:
    await case.tax_year(
        2021,
        account_balance=money("1000.00"),
        accrued_interest=money("45.10"),
        accrued_penalty=money("20.05"),
    )
    await case.tax_year(
        2022,
        account_balance=money("1000.00"),
        accrued_interest=money("45.10"),
        total_balance=money("1070.00"),
    )
    await promote(case)

    balances = await _balances(case)
    assert balances[(2021, "TP")]["payoff_balance"] == Decimal("1065.15")  # 1,000 + 45.10 + 20.05
    assert balances[(2022, "TP")]["payoff_balance"] == Decimal("1070.00")  # the reported total


async def test_modules_are_kept_apart_by_owner(case: SilverCase) -> None:
    await case.tax_year(2021, "TP", account_balance=money("100.00"))
    await case.tax_year(2021, "S", account_balance=money("40.00"))
    await case.activity(2021, 0, "150", "2022-04-15", "100.00", "return_filed", owner="TP")
    await case.activity(2021, 0, "150", "2022-04-15", "40.00", "return_filed", owner="S")
    await promote(case)

    balances = await _balances(case)
    assert balances[(2021, "TP")]["calculated_balance"] == Decimal("100.00")
    assert balances[(2021, "S")]["calculated_balance"] == Decimal("40.00")


async def test_a_year_without_transactions_sums_to_zero(case: SilverCase) -> None:
    await case.tax_year(2020, has_at=False, has_wi=True)
    await promote(case)

    row = (await _balances(case))[(2020, "TP")]
    assert (row["calculated_balance"], row["total_assessed"], row["total_paid"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert row["lien_filed"] is False


async def test_a_lien_released_later_is_not_filed(case: SilverCase) -> None:
    await case.tax_year(2021)
    await case.activity(2021, 0, "582", "2022-10-01", "0.00", "lien", affects_balance=False)
    await case.activity(2021, 1, "583", "2023-05-01", "0.00", "lien", affects_balance=False)
    await case.tax_year(2022)
    await case.activity(2022, 0, "582", "2023-10-01", "0.00", "lien", affects_balance=False)
    await promote(case)

    balances = await _balances(case)
    assert balances[(2021, "TP")]["lien_filed"] is False
    assert balances[(2022, "TP")]["lien_filed"] is True


async def test_collection_actions_count_in_the_365_days_ending_on_the_as_of_date(
    case: SilverCase,
) -> None:
    # As of 2024-06-30 the window is 2023-07-02 … 2024-06-30 (365 days, both ends included).
    await case.tax_year(2021)
    await case.activity(
        2021,
        0,
        "971",
        "2023-07-01",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=True,
    )
    await case.tax_year(2022)
    await case.activity(
        2022,
        0,
        "971",
        "2023-07-02",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=True,
    )
    await case.activity(
        2022,
        1,
        "971",
        "2023-01-05",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=True,
    )
    await case.tax_year(2023)
    # After the as-of date: not yet happened for this build.
    await case.activity(
        2023,
        0,
        "971",
        "2024-07-01",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=True,
    )
    await promote(case)

    balances = await _balances(case)
    assert balances[(2021, "TP")]["last_collection_action_date"] == day("2023-07-01")
    assert balances[(2021, "TP")]["collection_action_last_365d"] is False  # 366 days before
    assert balances[(2022, "TP")]["last_collection_action_date"] == day("2023-07-02")
    assert balances[(2022, "TP")]["collection_action_last_365d"] is True
    assert balances[(2023, "TP")]["last_collection_action_date"] is None
    assert balances[(2023, "TP")]["collection_action_last_365d"] is False


async def test_non_collection_rows_are_not_collection_actions(case: SilverCase) -> None:
    await case.tax_year(2021)
    await case.activity(
        2021,
        0,
        "971",
        "2024-05-01",
        "0.00",
        "collection_notice",
        affects_balance=False,
        collection_action=False,
    )
    await promote(case)

    row = (await _balances(case))[(2021, "TP")]
    assert row["last_collection_action_date"] is None
    assert row["collection_action_last_365d"] is False


async def test_without_a_joint_projection_each_owner_gets_its_own(case: SilverCase) -> None:
    # return_filed unknown (not true): the projection is shown.
    await case.tax_year(2023, "TP", filing_status="MFS")
    await case.tax_year(2023, "S", filing_status="MFS")
    await case.income_document(2023, 0, "W-2", "20000.00")
    await case.income_document(2023, 1, "W-2", "15000.00", person_type="spouse", withholding="200")
    await promote(case)

    balances = await _balances(case)
    # MFS 2023: standard deduction 13,850, 10 % up to 11,000
    # TP: (20,000 − 13,850) × 0.10 = 615.00; S: (15,000 − 13,850) × 0.10 − 200 = −85.00
    assert balances[(2023, "TP")]["projected_balance"] == Decimal("615.00")
    assert balances[(2023, "S")]["projected_balance"] == Decimal("-85.00")


async def test_assessed_and_paid_totals_take_every_listed_type_and_nothing_else(
    case: SilverCase,
) -> None:
    await case.tax_year(2021, account_balance=money("880.50"))
    await case.activity(2021, 0, "150", "2022-04-18", "2000.00", "return_filed")
    await case.activity(2021, 1, "290", "2022-09-12", "500.00", "assessment")
    await case.activity(2021, 2, "360", "2022-10-03", "25.00", "fee")
    await case.activity(2021, 3, "166", "2022-10-03", "40.00", "penalty")
    await case.activity(2021, 4, "196", "2022-10-03", "15.50", "interest")
    await case.activity(2021, 5, "301", "2022-11-07", "-100.00", "abatement")
    await case.activity(2021, 6, "670", "2022-12-01", "-300.00", "payment")
    await case.activity(2021, 7, "766", "2022-04-18", "-200.00", "credit")
    await case.activity(2021, 8, "768", "2022-04-18", "-150.00", "credit_eic")
    await case.activity(2021, 9, "806", "2022-04-18", "-1000.00", "withholding")
    await case.activity(2021, 10, "846", "2023-01-09", "50.00", "refund")
    await promote(case)

    row = (await _balances(case))[(2021, "TP")]
    # return_filed + assessment + fee + penalty + interest = 2,000.00 + 500.00 + 25.00 + 40.00
    # + 15.50 = 2,580.50 (the abatement is not netted; leaving out the 290 and the fee would
    # give 2,055.50)
    assert row["total_assessed"] == Decimal("2580.50")
    # −(payment + credit + credit_eic + withholding) = −(−300 − 200 − 150 − 1,000) = 1,650.00
    # (payment and withholding alone: 1,300.00); the refund is neither
    assert row["total_paid"] == Decimal("1650.00")
    # 2,580.50 − 100.00 − 1,650.00 + 50.00 = 880.50
    assert row["calculated_balance"] == Decimal("880.50")
