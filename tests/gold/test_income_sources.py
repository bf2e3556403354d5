"""income_sources (DOMAIN 4.4)."""

from decimal import Decimal

from tests.gold.helpers import SilverCase, money, promote, warnings_with

Key = tuple[str, str, str, str]  # (source, period, person_type, income_type)


async def _income(case: SilverCase) -> dict[Key, dict[str, object]]:
    rows = await case.gold_rows("income_sources", "source, period, person_type, income_type")
    return {(r["source"], r["period"], r["person_type"], r["income_type"]): dict(r) for r in rows}


async def test_interview_income_is_monthly_as_entered(case: SilverCase) -> None:
    # Inherited: one loader divided the interview income by 12 (4,000 → 333.33).
    await case.snapshot(tp_wages=money("4000.00"), sp_pension=money("812.50"))
    await promote(case)

    income = await _income(case)
    wages = income[("interview", "current", "taxpayer", "wages")]
    assert (wages["amount"], wages["frequency"], wages["monthly_amount"]) == (
        Decimal("4000.00"),
        "monthly",
        Decimal("4000.00"),
    )
    assert income[("interview", "current", "spouse", "pension")]["monthly_amount"] == Decimal(
        "812.50"
    )


async def test_interview_rows_exist_only_for_given_amounts_and_zero_is_kept(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_wages=money("0.00"), alimony=None, other_income=money("25.00"))
    await promote(case)

    assert set(await _income(case)) == {
        ("interview", "current", "taxpayer", "wages"),
        ("interview", "current", "joint", "other"),
    }


async def test_rental_net_subtracts_expenses_and_keeps_both_sides(case: SilverCase) -> None:
    # Inherited: rental expenses were added to income (1,500 + 400 = 1,900).
    await case.snapshot(rental_gross=money("1500.00"), rental_expenses=money("400.00"))
    await promote(case)

    rental = (await _income(case))[("interview", "current", "joint", "rental_net")]
    assert rental["amount"] == Decimal("1100.00")  # 1,500.00 − 400.00
    assert (rental["gross_amount"], rental["expense_amount"]) == (
        Decimal("1500.00"),
        Decimal("400.00"),
    )


async def test_rental_net_counts_a_null_side_as_zero(case: SilverCase) -> None:
    await case.snapshot(rental_gross=money("1500.00"))
    await promote(case)

    rental = (await _income(case))[("interview", "current", "joint", "rental_net")]
    assert rental["amount"] == Decimal("1500.00")  # 1,500.00 − (null → 0)
    assert rental["expense_amount"] is None


async def test_rental_with_expenses_only_is_a_negative_net(case: SilverCase) -> None:
    await case.snapshot(rental_expenses=money("320.40"))
    await promote(case)

    rental = (await _income(case))[("interview", "current", "joint", "rental_net")]
    assert rental["amount"] == Decimal("-320.40")  # (null → 0) − 320.40
    assert rental["monthly_amount"] == Decimal("-320.40")
    assert rental["gross_amount"] is None


async def test_no_rental_row_when_both_sides_are_null(case: SilverCase) -> None:
    await case.snapshot(tp_wages=money("100.00"))
    await promote(case)

    assert ("interview", "current", "joint", "rental_net") not in await _income(case)


async def test_wi_rows_sum_input_forms_per_year_person_and_type(case: SilverCase) -> None:
    await case.income_document(2023, 0, "W-2", "50000.00")
    await case.income_document(2023, 1, "W-2C", "10000.50")  # a wage form too (Decision)
    await case.income_document(2023, 2, "W-2GU", "1200.00", person_type="spouse")
    await case.income_document(2023, 3, "1099-NEC", "6000.00", self_employment=True)
    await case.income_document(
        2023, 4, "1099-MISC", "3000.00", person_type="spouse", self_employment=True
    )
    await case.income_document(2023, 5, "1099-INT", "10.25", person_type="spouse")
    await case.income_document(2023, 6, "1099-DIV", "89.75")
    await case.income_document(2023, 7, "1099-R", "2400.00")
    await case.income_document(2023, 8, "SSA-1099", "14400.00", person_type="spouse")
    await case.income_document(2023, 9, "1099-G", "600.00")
    await case.income_document(2022, 0, "W-2", "48000.00")
    await promote(case)

    income = await _income(case)
    wages = income[("wi", "2023", "taxpayer", "wages")]
    # 50,000.00 + 10,000.50 = 60,000.50 a year; / 12 = 5,000.041666… → 5,000.04 a month
    assert (wages["amount"], wages["frequency"], wages["monthly_amount"]) == (
        Decimal("60000.50"),
        "annual",
        Decimal("5000.04"),
    )
    assert income[("wi", "2023", "spouse", "wages")]["amount"] == Decimal("1200.00")
    assert income[("wi", "2023", "taxpayer", "self_employment")]["amount"] == Decimal("6000.00")
    assert income[("wi", "2023", "spouse", "self_employment")]["amount"] == Decimal("3000.00")
    # 10.25 + 89.75 = 100.00, household-level whoever received the forms
    assert income[("wi", "2023", "joint", "dividends_interest")]["amount"] == Decimal("100.00")
    # 2,400.00 / 12 = 200.00
    assert income[("wi", "2023", "joint", "distributions")]["monthly_amount"] == Decimal("200.00")
    assert income[("wi", "2023", "spouse", "social_security")]["amount"] == Decimal("14400.00")
    assert income[("wi", "2023", "joint", "other")]["amount"] == Decimal("600.00")
    assert income[("wi", "2022", "taxpayer", "wages")]["amount"] == Decimal("48000.00")
    assert len(income) == 9


async def test_wi_rows_leave_out_excluded_duplicate_and_unprojected_forms(
    case: SilverCase,
) -> None:
    await case.income_document(2023, 0, "W-2", "1000.00")
    await case.income_document(2023, 1, "W-2", "1000.00", duplicate_of_line_no=0)
    await case.income_document(2023, 2, "W-2", "250.00", is_excluded=True)
    await case.income_document(2023, 3, "1099-ZZ", "75.00", include_in_projection=False)
    await promote(case)

    income = await _income(case)
    assert set(income) == {("wi", "2023", "taxpayer", "wages")}
    assert income[("wi", "2023", "taxpayer", "wages")]["amount"] == Decimal("1000.00")


async def test_a_wi_form_without_amount_is_flagged_not_counted_as_zero_silently(
    case: SilverCase,
) -> None:
    await case.income_document(2023, 0, "W-2", "1000.00")
    await case.income_document(2023, 1, "W-2", None)
    result = await promote(case)

    wages = (await _income(case))[("wi", "2023", "taxpayer", "wages")]
    assert wages["amount"] == Decimal("1000.00")
    assert wages["assumptions"] == ["form_amount_missing"]
    [warning] = warnings_with(result, "form_amount_missing")
    assert warning.tax_year == 2023
