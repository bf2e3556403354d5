"""Golden snapshot for sandbox case 905002: the flat interview layout (scalars `checkingAccounts`,
`clientWages`, `food`, …, household `under65` / `county`, and `irs_standards` with lower-case keys).
Every expected value is read off the payload by hand and placed per the field map of DOMAIN 3.11:
nested path first, then each alternative; nothing the payload does not hold is filled in.
"""

from datetime import date
from decimal import Decimal

import pytest_asyncio

from medallion.silver.interview_fields import snapshot_columns
from tests.silver.helpers import PromotedCase, full_rows, promote_sandbox_case


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def case(pg_pool) -> PromotedCase:
    return await promote_sandbox_case(pg_pool, "905002")


# Every snapshot column the payload gives a value; all other columns must be null.
EXPECTED_VALUES = {
    # employment
    "tp_employer": "SAMPLE BAKERY CO",
    "tp_employer_address": "700 EXAMPLE AVE ANYTOWN ST 00000",
    "tp_employer_phone": "555-0100",
    "tp_occupation": "Warehouse associate",
    "tp_employment_status": "Employed",
    "tp_employment_start": date(2015, 12, 27),  # "2015-12-27"
    "tp_gross_income": Decimal("34471.00"),
    "tp_net_income": Decimal("26887.00"),
    "tp_pay_frequency": "semimonthly",  # "Semi-Monthly"
    "tp_monthly_income": Decimal("2872.61"),  # flat E.clientMonthlyIncome
    "sp_employer": "GIG SAMPLE PLATFORM LLC",
    "sp_occupation": "Contractor",
    "sp_employment_start": date(2015, 12, 27),  # "12/27/2015"
    "sp_gross_income": Decimal("20837.00"),  # "20,837"
    "sp_pay_frequency": "weekly",  # "Weekly"
    "sp_monthly_income": Decimal("1736.50"),  # flat E.spouseMonthlyIncome 1736.5
    # household keys filed under employment
    "tp_house_members": 5,  # "5"
    "tp_next_tax_return": "MFJ",
    "tp_spouse_claim": "No",
    "tp_length_of_residency": "4 years",
    "tp_occupancy_status": "Own",
    # identity
    "taxpayer_name": "Morgan A Placeholder",
    "taxpayer_ssn_last4": "5283",  # "000-00-5283"
    "taxpayer_dob": date(1982, 9, 20),
    "taxpayer_phone": "555-0142",
    "taxpayer_email": "morgan.placeholder@example.com",
    "spouse_name": "John N Placeholder",
    "spouse_ssn_last4": "1249",
    "spouse_dob": date(1983, 5, 10),
    "filing_status": "MFJ",  # "Married Filing Jointly"
    "marital_status": "Married",
    "number_of_dependents": 3,
    "household_size": 5,
    "street_address": "3957 PLACEHOLDER LN",
    "city": "ANYTOWN",
    "state": "FL",
    "zip_code": "00000",
    # assets: flat scalars; a 0 is a value
    "bank_accounts_total": Decimal("4151.92"),  # A.checkingAccounts
    "cash_on_hand": Decimal("91.00"),
    "investments_value": Decimal("0.00"),  # A.investments
    "life_insurance_value": Decimal("0.00"),  # A.lifeInsurance
    "retirement_value": Decimal("0.00"),  # A.retirement
    "real_estate_value": Decimal("216515.00"),
    "real_estate_loan": Decimal("151560.00"),
    "vehicle1_value": Decimal("8867.00"),
    "vehicle1_loan": Decimal("0.00"),
    "vehicle2_value": Decimal("15548.00"),
    "vehicle2_loan": Decimal("7505.00"),
    # income (monthly)
    "tp_wages": Decimal("2872.61"),  # I.clientWages
    "tp_social_security": Decimal("0.00"),
    "tp_pension": Decimal("0.00"),
    "sp_wages": Decimal("1736.50"),
    "dividends_interest": Decimal("8.00"),
    "rental_gross": Decimal("0.00"),
    "other_income": Decimal("0.00"),  # I.otherIncome as a scalar
    # household size and location from the household section
    "members_under_65": 5,
    "members_over_65": 0,
    "location_state": "FL",
    "location_county": "Miami-Dade",
    # expenses
    "exp_food": Decimal("944.00"),
    "exp_housekeeping": Decimal("74.00"),
    "exp_apparel": Decimal("115.00"),
    "exp_personal_care": Decimal("62.00"),
    "exp_misc": Decimal("192.00"),
    "exp_mortgage_lien1": Decimal("951.00"),
    "exp_rent": Decimal("0.00"),
    "exp_util_gas": Decimal("38.00"),
    "exp_util_electricity": Decimal("221.00"),
    "exp_util_water": Decimal("45.00"),
    "exp_util_sewer": Decimal("31.00"),
    "exp_util_cable": Decimal("16.00"),
    "exp_util_trash": Decimal("13.00"),
    "exp_util_phone": Decimal("111.00"),
    "exp_health_insurance": Decimal("120.00"),
    "exp_prescriptions": Decimal("31.00"),
    "exp_court_payments": Decimal("0.00"),
    "exp_child_care": Decimal("0.00"),
    "exp_term_life": Decimal("40.00"),
    "exp_public_transportation": Decimal("0.00"),
    "exp_auto_insurance": Decimal("175.00"),
    "exp_auto_payment1": Decimal("0.00"),
    # IRS standards (irs_standards); transportation and totalMonthly are not read (DOMAIN 3.11)
    "std_food": Decimal("1007.00"),
    "std_housekeeping": Decimal("88.00"),
    "std_apparel": Decimal("217.00"),
    "std_personal_care": Decimal("99.00"),
    "std_misc": Decimal("374.00"),
    "std_food_clothing_misc_total": Decimal("1785.00"),
    "std_housing": Decimal("1850.00"),
}


async def test_the_flat_layout_fills_exactly_the_columns_the_payload_holds(pg_pool, case):
    [snapshot] = await full_rows(pg_pool, "interview_snapshot", case.case_id, "case_id")
    business = {column: snapshot[column] for column in snapshot_columns()}
    assert {column: value for column, value in business.items() if value is not None} == (
        EXPECTED_VALUES
    )


async def test_the_snapshot_names_its_layout_and_has_no_unmapped_keys(pg_pool, case):
    [snapshot] = await full_rows(pg_pool, "interview_snapshot", case.case_id, "case_id")
    assert {
        "interview_layout": snapshot["interview_layout"],
        "unmapped_keys": snapshot["unmapped_keys"],
        **{key: snapshot[key] for key in ("case_id", "bronze_id", "source_path", "rules_version")},
    } == {"interview_layout": "flat", "unmapped_keys": [], **case.lineage("interview", "")}


async def test_no_defaults_are_invented_for_what_the_flat_payload_lacks(pg_pool, case):
    [snapshot] = await full_rows(pg_pool, "interview_snapshot", case.case_id, "case_id")
    # Absent from the payload, so null: never "Employed", 1 vehicle, 0, … (hazard 24).
    absent = (
        "sp_employment_status",
        "sp_net_income",
        "sp_house_members",
        "exp_home_insurance",
        "vehicle_count",
        "std_health_out_of_pocket",
        "std_public_transportation",
    )
    assert {column: snapshot[column] for column in absent} == dict.fromkeys(absent)


async def test_a_flat_interview_has_no_grids_and_no_warnings(case):
    counts = case.result.counts
    assert (
        counts.interview_snapshot,
        counts.interview_bank_accounts,
        counts.interview_vehicles,
        counts.interview_real_property,
        counts.interview_other_expenses,
    ) == (1, 0, 0, 0, 0)
    assert [w for w in case.result.warnings if w.source == "interview"] == []
