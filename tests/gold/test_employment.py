"""employment_information (DOMAIN 4.2)."""

from decimal import Decimal

from tests.gold.helpers import SilverCase, day, money, promote, warnings_with


async def _employment(case: SilverCase) -> dict[str, dict[str, object]]:
    rows = await case.gold_rows("employment_information", "person_type")
    return {r["person_type"]: dict(r) for r in rows}


async def test_taxpayer_employment_is_copied_from_the_snapshot(
    case: SilverCase,
) -> None:
    await case.snapshot(
        tp_employer="Acme Tools",
        tp_occupation="Machinist",
        tp_employment_status="Employed",
        tp_employment_start=day("2019-04-01"),
        tp_pay_frequency="biweekly",
        tp_gross_income=money("52400.00"),
        tp_net_income=money("40000.00"),
        tp_monthly_income=money("4366.67"),
    )
    await promote(case)

    taxpayer = (await _employment(case))["taxpayer"]
    assert taxpayer["employer_name"] == "Acme Tools"
    assert taxpayer["occupation"] == "Machinist"
    assert taxpayer["employment_start_date"] == day("2019-04-01")
    assert taxpayer["pay_frequency"] == "biweekly"
    assert taxpayer["gross_annual_income"] == Decimal("52400.00")
    assert taxpayer["gross_monthly_income"] == Decimal("4366.67")  # the interview's own figure
    # 40,000.00 / 12 = 3,333.333… → 3,333.33
    assert taxpayer["net_monthly_income"] == Decimal("3333.33")
    assert taxpayer["assumptions"] == []
    assert taxpayer["source_bronze_ids"] == [case.bronze_ids["interview"]]


async def test_monthly_income_falls_back_to_annual_over_twelve_with_an_assumption(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_employer="Acme Tools", tp_gross_income=money("52400.00"))
    result = await promote(case)

    taxpayer = (await _employment(case))["taxpayer"]
    # 52,400.00 / 12 = 4,366.666… → 4,366.67
    assert taxpayer["gross_monthly_income"] == Decimal("4366.67")
    assert taxpayer["assumptions"] == ["monthly_from_annual"]
    assert len(warnings_with(result, "monthly_from_annual")) == 1


async def test_no_spouse_row_without_spouse_employment_data(case: SilverCase) -> None:
    # Inherited behaviour: a spouse employment row for every case.
    await case.snapshot(tp_employer="Acme Tools", spouse_name="Pat Example")
    await promote(case)

    assert set(await _employment(case)) == {"taxpayer"}


async def test_one_spouse_field_is_enough_for_a_spouse_row(case: SilverCase) -> None:
    await case.snapshot(tp_employer="Acme Tools", sp_occupation="Nurse")
    await promote(case)

    spouse = (await _employment(case))["spouse"]
    assert spouse["occupation"] == "Nurse"
    assert spouse["employer_name"] is None
    assert spouse["gross_monthly_income"] is None
    assert spouse["pay_frequency"] is None


async def test_self_employment_and_wi_totals_come_from_the_latest_wi_year_input_forms(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_employer="Acme Tools")
    await case.income_document(2023, 0, "W-2", "30000.10")
    # Replaced by the W-2C below: Silver points it at the W-2C.
    await case.income_document(2023, 1, "W-2", "9000.00", duplicate_of_line_no=2)
    await case.income_document(2023, 2, "W-2C", "10000.00")
    await case.income_document(2023, 3, "W-2G", "500.00")  # gambling, not wages
    await case.income_document(2023, 4, "W-2", "999.00", is_excluded=True)
    await case.income_document(2023, 5, "1099-NEC", "2500.00", self_employment=True)
    await case.income_document(2023, 6, "1099-K", "700.00", self_employment=True, is_excluded=True)
    await case.income_document(2022, 0, "W-2", "45000.00")
    await promote(case)

    taxpayer = (await _employment(case))["taxpayer"]
    assert taxpayer["latest_wi_year"] == 2023
    assert taxpayer["is_self_employed"] is True
    # 30,000.10 + 10,000.00 (W-2C); not the replaced W-2, the W-2G, the excluded W-2, nor 2022
    assert taxpayer["latest_wi_w2_total"] == Decimal("40000.10")
    # 2,500.00; the excluded 1099-K is not an input form
    assert taxpayer["latest_wi_se_total"] == Decimal("2500.00")
    lineage = taxpayer["source_bronze_ids"]
    assert isinstance(lineage, list)
    assert set(lineage) == {case.bronze_ids["interview"], case.bronze_ids["wi"]}


async def test_latest_wi_year_is_the_cases_not_the_persons(case: SilverCase) -> None:
    await case.snapshot(tp_employer="Acme Tools", sp_employer="Self")
    await case.income_document(2023, 0, "W-2", "50000.00", person_type="taxpayer")
    await case.income_document(
        2022, 0, "1099-NEC", "12000.00", person_type="spouse", self_employment=True
    )
    await promote(case)

    spouse = (await _employment(case))["spouse"]
    # The spouse's own latest year (2022) would say self-employed with 12,000.00.
    assert spouse["latest_wi_year"] == 2023
    assert spouse["is_self_employed"] is False
    assert spouse["latest_wi_se_total"] == Decimal("0.00")
    assert spouse["latest_wi_w2_total"] == Decimal("0.00")


async def test_self_employment_is_unknown_without_wi_forms(case: SilverCase) -> None:
    await case.snapshot(tp_employer="Acme Tools")
    await promote(case)

    taxpayer = (await _employment(case))["taxpayer"]
    assert taxpayer["is_self_employed"] is None
    assert taxpayer["latest_wi_year"] is None
    assert taxpayer["latest_wi_w2_total"] is None


async def test_self_employment_counts_only_input_forms_and_w2gu_is_wages(
    case: SilverCase,
) -> None:
    await case.snapshot(tp_employer="Acme Tools", sp_occupation="Nurse")
    await case.income_document(2023, 0, "W-2GU", "1200.00", person_type="spouse")
    await case.income_document(
        2023, 1, "1099-K", "700.00", person_type="spouse", self_employment=True, is_excluded=True
    )
    await case.income_document(
        2023,
        2,
        "1099-NEC",
        "300.00",
        person_type="spouse",
        self_employment=True,
        duplicate_of_line_no=1,
    )
    await promote(case)

    spouse = (await _employment(case))["spouse"]
    # The spouse's only SE forms are an excluded one and a duplicate: neither is an input form
    # (4.10), so not self-employed (counting every form would say true, with 1,000.00).
    assert spouse["is_self_employed"] is False
    assert spouse["latest_wi_se_total"] == Decimal("0.00")
    assert spouse["latest_wi_w2_total"] == Decimal("1200.00")  # the W-2GU is a wage form
