"""tax_projections (DOMAIN 4.10) and the projected balance they give year_balances (4.7)."""

from decimal import Decimal

from tests.gold.helpers import SilverCase, promote, warnings_with

Row = dict[str, object]


async def _projections(case: SilverCase) -> dict[tuple[int, str], Row]:
    rows = await case.gold_rows("tax_projections", "tax_year, scope")
    return {(r["tax_year"], r["scope"]): dict(r) for r in rows}


async def test_a_joint_year_is_projected_step_by_step(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="MFJ")
    await case.income_document(2023, 0, "W-2", "80000.00", withholding="7000.00")
    await case.income_document(
        2023, 1, "1099-NEC", "20000.00", person_type="spouse", self_employment=True
    )
    await case.income_document(2023, 2, "W-2", "5000.00", is_excluded=True)
    await promote(case)

    [row] = (await _projections(case)).values()
    assert (row["scope"], row["tax_period"], row["filing_status"]) == ("joint", "2023", "MFJ")
    assert (row["tp_income"], row["spouse_income"]) == (Decimal("80000.00"), Decimal("20000.00"))
    assert row["combined_income"] == Decimal("100000.00")  # the excluded W-2 is not an input
    assert row["combined_withholding"] == Decimal("7000.00")
    assert (row["tp_se_income"], row["spouse_se_income"]) == (Decimal("0.00"), Decimal("20000.00"))
    # 20,000.00 × 0.9235 = 18,470.00; the spouse has no W-2, so the 160,200 base does not bind
    assert row["se_taxable_earnings"] == Decimal("18470.00")
    assert row["se_social_security"] == Decimal("2290.28")  # 0.124 × 18,470.00
    assert row["se_medicare"] == Decimal("535.63")  # 0.029 × 18,470.00
    # 2,825.91, not the inherited flat 0.153 × 20,000.00 = 3,060.00
    assert row["se_tax"] == Decimal("2825.91")
    # 2,825.91 / 2 = 1,412.955 → 1,412.96 stored; the next steps use 1,412.955
    assert row["se_deduction"] == Decimal("1412.96")
    assert row["estimated_agi"] == Decimal("98587.05")  # 100,000 − 1,412.955 = 98,587.045
    assert row["standard_deduction"] == Decimal("27700.00")
    assert row["taxable_income"] == Decimal("70887.05")  # 98,587.045 − 27,700 = 70,887.045
    # 0.10 × 22,000 + 0.12 × (70,887.045 − 22,000) = 2,200 + 5,866.4454 = 8,066.4454
    # (rounding the deduction first would give 8,066.4448 → 8,066.44)
    assert row["income_tax"] == Decimal("8066.45")
    # 8,066.4454 + 2,825.91 + 0 = 10,892.3554
    assert row["total_tax"] == Decimal("10892.36")
    assert row["projected_balance"] == Decimal("3892.36")  # 10,892.3554 − 7,000.00
    assert row["assumptions"] == []


async def test_the_wage_base_cap_uses_the_persons_own_w2_wages(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="SINGLE")
    await case.income_document(2023, 0, "W-2", "150000.00", withholding="30000.00")
    await case.income_document(2023, 1, "1099-NEC", "30000.00", self_employment=True)
    await promote(case)

    row = (await _projections(case))[(2023, "TP")]
    assert row["tax_period"] == "2023-TP"
    assert (row["spouse_income"], row["spouse_se_income"]) == (None, None)
    assert row["se_taxable_earnings"] == Decimal("27705.00")  # 30,000 × 0.9235
    # 0.124 × min(27,705, 160,200 − 150,000 = 10,200) = 1,264.80 (uncapped: 3,435.42)
    assert row["se_social_security"] == Decimal("1264.80")
    assert row["se_medicare"] == Decimal("803.45")  # 0.029 × 27,705 = 803.445
    assert row["se_tax"] == Decimal("2068.25")  # 1,264.80 + 803.445 = 2,068.245
    assert row["se_deduction"] == Decimal("1034.12")  # 1,034.1225
    assert row["estimated_agi"] == Decimal("178965.88")  # 180,000 − 1,034.1225
    assert row["taxable_income"] == Decimal("165115.88")  # 178,965.8775 − 13,850
    # 1,100 + 4,047 + 11,143 + 0.24 × (165,115.8775 − 95,375) = 33,027.8106
    assert row["income_tax"] == Decimal("33027.81")
    assert row["total_tax"] == Decimal("35096.06")  # 33,027.8106 + 2,068.245 = 35,096.0556
    assert row["projected_balance"] == Decimal("5096.06")  # − 30,000.00


async def test_the_400_floor_applies_to_each_person(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="MFJ")
    await case.income_document(2023, 0, "1099-NEC", "400.00", self_employment=True)
    await case.income_document(
        2023, 1, "1099-NEC", "400.00", person_type="spouse", self_employment=True
    )
    await promote(case)

    row = (await _projections(case))[(2023, "joint")]
    # Each has 400 × 0.9235 = 369.40 < 400: no SE tax; together (738.80) they would owe some.
    assert row["se_taxable_earnings"] == Decimal("738.80")
    assert row["se_tax"] == Decimal("0.00")
    assert row["estimated_agi"] == Decimal("800.00")


async def test_the_2023_joint_12_percent_bracket_ends_at_89450(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="MFJ")
    await case.income_document(2023, 0, "W-2", "117150.00")
    await promote(case)

    row = (await _projections(case))[(2023, "joint")]
    assert row["taxable_income"] == Decimal("89450.00")  # 117,150 − 27,700
    # 2,200 + 0.12 × (89,450 − 22,000) = 10,294.00; a bracket ending at 89,050 gives 10,334.00
    assert row["income_tax"] == Decimal("10294.00")


async def test_an_unknown_filing_status_is_projected_as_single_per_person(
    case: SilverCase,
) -> None:
    await case.tax_year(2023)  # no filing status anywhere
    await case.income_document(2023, 0, "W-2", "20000.00")
    await case.income_document(2023, 1, "W-2", "10000.00", person_type="spouse")
    result = await promote(case)

    projections = await _projections(case)
    assert set(projections) == {(2023, "TP"), (2023, "S")}
    spouse = projections[(2023, "S")]
    assert spouse["filing_status"] == "SINGLE"
    assert spouse["assumptions"] == ["filing_status_assumed"]
    assert spouse["tp_income"] is None
    assert spouse["taxable_income"] == Decimal("0.00")  # max(0, 10,000 − 13,850)
    assert len(warnings_with(result, "filing_status_assumed")) == 2


async def test_a_year_without_reference_rows_is_stored_with_null_figures(
    case: SilverCase,
) -> None:
    await case.tax_year(2012, filing_status="SINGLE")
    await case.income_document(2012, 0, "W-2", "50000.00", withholding="4000.00")
    await case.income_document(2012, 1, "1099-NEC", "1000.00", self_employment=True)
    result = await promote(case)

    row = (await _projections(case))[(2012, "TP")]
    assert row["combined_income"] == Decimal("51000.00")
    assert row["se_medicare"] == Decimal("26.78")  # 0.029 × 923.50 = 26.7815
    for column in (
        "se_social_security",
        "se_tax",
        "se_deduction",
        "estimated_agi",
        "standard_deduction",
        "taxable_income",
        "income_tax",
        "total_tax",
        "projected_balance",
    ):
        assert row[column] is None, column
    assert row["assumptions"] == ["missing_reference_year"]
    assert sorted(w.detail for w in warnings_with(result, "missing_reference_year")) == [
        "2012-TP: no ss_wage_base row for 2012",
        "2012-TP: no standard_deductions row for 2012 SINGLE",
        "2012-TP: no tax_brackets rows for 2012 SINGLE",
    ]


async def test_early_distributions_cost_ten_percent_and_need_a_code(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="SINGLE")
    await case.income_document(
        2023,
        0,
        "1099-R",
        "10000.00",
        withholding="1000.00",
        fields={"Distribution code(s)": "1", "Gross distribution": "$10,000.00"},
    )
    await case.income_document(2023, 1, "1099-R", "5000.00", fields={"Distribution Code": "7"})
    await case.income_document(2023, 2, "1099-R", "2000.00", fields={"Taxable amount": "2000"})
    result = await promote(case)

    row = (await _projections(case))[(2023, "TP")]
    assert row["early_withdrawal_penalty"] == Decimal("1000.00")  # 0.10 × 10,000; code 7 is not
    # 17,000 − 13,850 = 3,150 taxable; 0.10 × 3,150 = 315.00
    assert row["income_tax"] == Decimal("315.00")
    assert row["total_tax"] == Decimal("1315.00")  # 315.00 + 0 SE tax + 1,000.00
    assert row["projected_balance"] == Decimal("315.00")  # − 1,000.00 withheld
    assert row["assumptions"] == ["distribution_code_missing"]
    assert len(warnings_with(result, "distribution_code_missing")) == 1


async def test_an_unfiled_year_carries_its_projection_into_year_balances(
    case: SilverCase,
) -> None:
    await case.tax_year(2023, "TP", filing_status="MFJ", return_filed=False)
    await case.tax_year(2022, "TP", filing_status="SINGLE", return_filed=True)
    await case.income_document(2023, 0, "W-2", "40000.00", withholding="1000.00")
    await case.income_document(2022, 0, "W-2", "40000.00", withholding="1000.00")
    # A spouse projection with no spouse year row stays in tax_projections only.
    await case.income_document(2022, 1, "W-2", "9000.00", person_type="spouse")
    await promote(case)

    projections = await _projections(case)
    # 40,000 − 27,700 = 12,300 taxable; 0.10 × 12,300 = 1,230.00; − 1,000.00 withheld
    assert projections[(2023, "joint")]["projected_balance"] == Decimal("230.00")
    assert (2022, "S") in projections
    balances = {r["tax_year"]: r for r in await case.gold_rows("year_balances", "tax_year, owner")}
    assert set(balances) == {2022, 2023}
    assert balances[2023]["projected_balance"] == Decimal("230.00")
    assert balances[2022]["projected_balance"] is None  # a filed return needs no projection


async def test_the_open_top_bracket_has_no_upper_limit(case: SilverCase) -> None:
    await case.tax_year(2023, filing_status="SINGLE")
    await case.income_document(2023, 0, "W-2", "713850.00")
    await promote(case)

    row = (await _projections(case))[(2023, "TP")]
    assert row["taxable_income"] == Decimal("700000.00")  # 713,850 − 13,850
    # 2023 single: 0.10 × 11,000 = 1,100; 0.12 × 33,725 = 4,047; 0.22 × 50,650 = 11,143;
    # 0.24 × 86,725 = 20,814; 0.32 × 49,150 = 15,728; 0.35 × 346,875 = 121,406.25;
    # 0.37 × (700,000 − 578,125 = 121,875) = 45,093.75. Total 219,332.00
    # (stopping at the last closed bracket would give 174,238.25).
    assert row["income_tax"] == Decimal("219332.00")


async def test_the_filing_status_comes_from_the_tp_row_else_the_s_row(case: SilverCase) -> None:
    await case.tax_year(2023, "S", filing_status="MFJ")  # the year has no TP row
    await case.income_document(2023, 0, "W-2", "30000.00")
    await case.income_document(2023, 1, "W-2", "10000.00", person_type="spouse")
    await case.tax_year(2022, "TP", filing_status="MFS")
    await case.tax_year(2022, "S", filing_status="MFJ")  # the TP row's status wins
    await case.income_document(2022, 0, "W-2", "20000.00")
    await case.income_document(2022, 1, "W-2", "15000.00", person_type="spouse")
    result = await promote(case)

    projections = await _projections(case)
    assert set(projections) == {(2022, "TP"), (2022, "S"), (2023, "joint")}
    joint = projections[(2023, "joint")]
    # 30,000 + 10,000 − 27,700 = 12,300 taxable; 0.10 × 12,300 = 1,230.00
    assert (joint["filing_status"], joint["income_tax"]) == ("MFJ", Decimal("1230.00"))
    assert projections[(2022, "S")]["filing_status"] == "MFS"
    assert warnings_with(result, "filing_status_assumed") == []


async def test_a_missing_wage_base_matters_only_with_se_income(case: SilverCase) -> None:
    # 2012 has no reference rows (the tax tables start in 2013); without SE income the wage
    # base is not needed.
    await case.tax_year(2012, filing_status="SINGLE")
    await case.income_document(2012, 0, "W-2", "50000.00")
    result = await promote(case)

    row = (await _projections(case))[(2012, "TP")]
    assert (row["se_social_security"], row["se_tax"], row["se_deduction"]) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert row["estimated_agi"] == Decimal("50000.00")  # 50,000 − 0
    assert (row["standard_deduction"], row["income_tax"]) == (None, None)
    assert sorted(w.detail for w in warnings_with(result, "missing_reference_year")) == [
        "2012-TP: no standard_deductions row for 2012 SINGLE",
        "2012-TP: no tax_brackets rows for 2012 SINGLE",
    ]
