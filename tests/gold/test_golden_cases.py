"""Whole cases worked by hand, end to end through the Gold promotion (as of 2024-06-30).

The arithmetic is in the comments; every expected figure was computed from the rules of
DOMAIN 4, not read back from the code.
"""

from decimal import Decimal
from typing import Any

from tests.gold.helpers import SilverCase, day, money, promote, warnings_with


async def _one(case: SilverCase, table: str, order_by: str = "case_id") -> dict[str, Any]:
    [row] = await case.gold_rows(table, order_by)
    return dict(row)


async def test_mfj_with_se_income_over_the_wage_base(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="MFJ", return_filed=False)
    await case.income_document(2023, 0, "W-2", "150000.00", withholding="20000.00")
    await case.income_document(2023, 1, "1099-NEC", "40000.00", self_employment=True)
    await case.income_document(
        2023, 2, "W-2", "30000.00", withholding="2000.00", person_type="spouse"
    )
    await promote(case)

    row = await _one(case, "tax_projections", "tax_year")
    # Taxpayer: SE earnings 40,000 × 0.9235 = 36,940.00. Wage base 2023 = 160,200, of which
    # W-2 wages use 150,000: room 10,200 < 36,940, so the cap binds.
    # SS 0.124 × 10,200 = 1,264.80 (uncapped it would be 4,580.56); Medicare 0.029 × 36,940 =
    # 1,071.26; SE tax 2,336.06. The spouse has no SE income.
    assert row["se_taxable_earnings"] == Decimal("36940.00")
    assert row["se_social_security"] == Decimal("1264.80")
    assert row["se_medicare"] == Decimal("1071.26")
    assert row["se_tax"] == Decimal("2336.06")
    assert row["se_deduction"] == Decimal("1168.03")  # 2,336.06 / 2
    # 150,000 + 40,000 + 30,000 = 220,000; − 1,168.03 = 218,831.97
    assert row["combined_income"] == Decimal("220000.00")
    assert row["estimated_agi"] == Decimal("218831.97")
    # − 27,700 (2023 MFJ) = 191,131.97
    assert row["taxable_income"] == Decimal("191131.97")
    # 0.10 × 22,000 = 2,200; 0.12 × 67,450 = 8,094; 0.22 × 101,300 = 22,286;
    # 0.24 × (191,131.97 − 190,750) = 0.24 × 381.97 = 91.6728 → 32,671.6728
    assert row["income_tax"] == Decimal("32671.67")
    # 32,671.6728 + 2,336.06 = 35,007.7328; − 22,000 withheld = 13,007.7328
    assert row["total_tax"] == Decimal("35007.73")
    assert row["projected_balance"] == Decimal("13007.73")
    balance = await _one(case, "year_balances", "tax_year")
    assert balance["projected_balance"] == Decimal("13007.73")  # return not filed (4.7)


async def test_overlapping_bankruptcy_and_oic_stays(case: SilverCase) -> None:
    await case.tax_year(2016, account_balance=money("8000.00"))
    await case.assessment(2016, 0, "150", "2017-05-15", "8000.00")
    # 520 2019-03-01 → 521 2019-09-30: 213 days, + six calendar months to 2020-03-30: 182 days
    # (2020 is a leap year): span [2019-03-01, 2020-03-30) = 395 days.
    await case.interval(2016, 1, "bankruptcy", "2019-03-01", "2019-09-30", 182)
    # 480 2020-01-15 → 481 2020-07-20 (rejected): 187 days + 30: span [2020-01-15, 2020-08-19)
    # = 217 days, of which [2020-01-15, 2020-03-30) = 75 days lie inside the bankruptcy span.
    await case.interval(2016, 2, "oic_pending", "2020-01-15", "2020-07-20", 30, start_code="480")
    await promote(case)

    csed = await _one(case, "csed_by_assessment", "assessment_no")
    # Union: 395 + 217 − 75 = 537 days (summing would give 612; the maximum variant 395).
    assert csed["toll_days"] == 537
    assert csed["base_csed"] == day("2027-05-15")
    # 2027-05-15 + 366 days (2028 has 29 February) = 2028-05-15; + 171 days = 2028-11-02
    assert csed["adjusted_csed"] == day("2028-11-02")
    # 2024-06-30 → 2028-06-30 = 1,461 days; → 2028-11-02 = + 125 = 1,586
    assert (csed["days_remaining"], csed["csed_status"]) == (1586, "ACTIVE")
    year = await _one(case, "csed_by_year", "tax_year")
    assert (year["latest_csed"], year["total_toll_days"]) == (day("2028-11-02"), 537)
    # 12 × 4 + (11 − 6) = 53, less 1 (2 < 30) = 52
    assert year["months_until_latest_csed"] == 52


async def test_sfr_year_with_a_later_290(case: SilverCase) -> None:
    await case.tax_year(2018, account_balance=money("14000.00"))
    await case.activity(
        2018, 0, "150", "2020-03-16", "0.00", "return_filed", explanation="Substitute for return"
    )
    await case.activity(2018, 1, "290", "2020-08-10", "12500.00", "assessment")
    await case.activity(2018, 2, "276", "2020-08-10", "1000.00", "penalty")
    await case.activity(2018, 3, "196", "2020-08-10", "500.00", "interest")
    # Silver records only the non-zero assessment: the .00 SFR 150 assesses nothing.
    await case.assessment(2018, 0, "290", "2020-08-10", "12500.00")
    await promote(case)

    flags = await _one(case, "tax_year_flags", "tax_year")
    assert (flags["sfr_indicator"], flags["sfr_date"]) == (True, day("2020-03-16"))
    # The 290's date + 10 years (inherited: the SFR 150's date + 10 years = 2030-03-16)
    assert flags["sfr_csed"] == day("2030-08-10")
    year = await _one(case, "csed_by_year", "tax_year")
    # The clock starts at the 290; the 276 penalty and 196 interest never toll.
    assert (year["latest_csed"], year["total_toll_days"]) == (day("2030-08-10"), 0)
    # 12 × 6 + 2 = 74, less 1 (10 < 30) = 73
    assert (year["csed_status"], year["months_until_latest_csed"]) == ("ACTIVE", 73)
    balance = await _one(case, "year_balances", "tax_year")
    # 0 + 12,500 + 1,000 + 500 = 14,000.00, equal to the reported balance
    assert (balance["calculated_balance"], balance["reconciliation_delta"]) == (
        Decimal("14000.00"),
        Decimal("0.00"),
    )


async def test_a_case_without_assessments_has_an_unknown_csed(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("2000.00"), exp_taxes=money("1500.00"))
    await case.tax_year(2022, account_balance=money("2400.00"))
    await case.activity(2022, 0, "196", "2023-05-01", "40.00", "interest")
    result = await promote(case)

    year = await _one(case, "csed_by_year", "tax_year")
    # Not "today + 10 years": no assessment, no date.
    assert (year["csed_status"], year["latest_csed"], year["earliest_csed"]) == (
        "UNKNOWN",
        None,
        None,
    )
    options = await _one(case, "resolution_options")
    assert options["total_debt"] == Decimal("2400.00")
    # 2,000 − 1,500 = 500 a month; 2,400 / 500 = 4.8 → 5 months
    assert (options["ia_monthly_payment"], options["ia_payoff_months"]) == (Decimal("500.00"), 5)
    # No CSED to compare with: unknown, with the assumption named.
    assert (options["months_until_csed"], options["ia_eligible"]) == (None, None)
    assert options["assumptions"] == ["csed_unknown"]
    assert len(warnings_with(result, "csed_unknown")) == 1


async def test_whole_life_and_other_expenses_duplicating_dedicated_lines(
    case: SilverCase,
) -> None:
    await case.snapshot(
        tp_wages=money("5000.00"),
        exp_whole_life=money("300.00"),
        exp_term_life=money("45.00"),
        exp_court_payments=money("250.00"),
        exp_child_care=money("600.00"),
    )
    await case.other_expense(0, "Life insurance premium", "300.00")  # the life-insurance lines win
    await case.other_expense(1, "Court ordered payment", "250.00")  # the court line wins
    await case.other_expense(2, "Childcare", "600.00")  # the child-care line wins
    await case.other_expense(3, "Tutoring", "120.00")
    await case.other_expense(4, " tutoring ", "80.00")  # same name: summed with line 3
    result = await promote(case)

    rows = await case.gold_rows("monthly_expenses", "expense_category, expense_subcategory")
    allowed = {(r["expense_category"], r["expense_subcategory"]): r["allowed_amount"] for r in rows}
    assert allowed == {
        ("child_care", "child_care"): Decimal("600.00"),
        ("court_payments", "court_payments"): Decimal("250.00"),
        ("insurance", "term_life"): Decimal("45.00"),
        ("insurance", "whole_life"): Decimal("0.00"),  # recorded for review, never allowed
        ("other", "tutoring"): Decimal("200.00"),  # 120 + 80
    }
    assert len(warnings_with(result, "other_expense_not_added")) == 3
    options = await _one(case, "resolution_options")
    # 600 + 250 + 45 + 0 + 200 = 1,095.00. The inherited total added whole life and the three
    # duplicates: 300 + 45 + 250 + 600 + 300 + 250 + 600 + 200 = 2,545.00.
    assert options["total_allowable_expenses"] == Decimal("1095.00")
    assert options["disposable_income"] == Decimal("3905.00")  # 5,000 − 1,095


async def test_negative_disposable_income_is_currently_not_collectible(
    case: SilverCase,
) -> None:
    await case.snapshot(
        tp_social_security=money("1800.00"),
        exp_food=money("500.00"),
        std_food=money("450.00"),
        exp_rent=money("1400.00"),
        std_housing=money("1300.00"),
        exp_health_insurance=money("350.00"),
        cash_on_hand=money("200.00"),
    )
    await case.tax_year(2021, account_balance=money("9000.00"))
    await case.assessment(2021, 0, "150", "2022-05-16", "9000.00")
    await promote(case)

    options = await _one(case, "resolution_options")
    # Allowed: food 450 (national standard) + rent 1,400 + housing cap min(0, 1,300 − 1,400) =
    # −100 + health insurance 350 = 2,100.00; income 1,800.00; disposable −300.00.
    assert options["total_monthly_income"] == Decimal("1800.00")
    assert options["total_allowable_expenses"] == Decimal("2100.00")
    assert options["disposable_income"] == Decimal("-300.00")
    assert options["cnc_eligible"] is True
    # Nothing to pay: no IA; negative disposable income: no OIC.
    assert (options["ia_monthly_payment"], options["ia_eligible"]) == (Decimal("0.00"), False)
    assert options["oic_eligible"] is False
    # QSV: cash 200 at 100 %; future income max(0, −300) × 12 = 0; RCP 200; offer 200 × 0.90
    assert (options["quick_sale_value"], options["future_income_potential"]) == (
        Decimal("200.00"),
        Decimal("0.00"),
    )
    assert (options["rcp"], options["recommended_offer"]) == (Decimal("200.00"), Decimal("180.00"))
    # 2022-05-16 + 10 years = 2032-05-16; 12 × 8 − 1 = 95, less 1 (16 < 30) = 94
    assert (options["total_debt"], options["months_until_csed"]) == (Decimal("9000.00"), 94)
