"""Interview payload → interview_snapshot and grids (DOMAIN 1.3.4, 3.11, 3.12)."""

from datetime import date
from decimal import Decimal

from medallion.silver.interview import build_interview
from tests.silver.fixtures import INTERVIEW_EXAMPLE, codes, issues, payload, reasons


def build(document, kind="json"):
    found = issues("interview")
    return build_interview(payload("interview", document, kind), issues=found), found


def test_the_documented_nested_example():
    result, found = build(INTERVIEW_EXAMPLE)
    snapshot = result.snapshot
    assert snapshot is not None
    assert (snapshot.interview_layout, snapshot.unmapped_keys) == ("nested", ())
    non_null = {column: value for column, value in snapshot.values.items() if value is not None}
    assert non_null == {
        "tp_employer": "EXAMPLE WIDGETS LLC",
        "tp_employment_start": date(2019, 3, 1),
        "tp_gross_income": Decimal("52400.00"),
        "tp_net_income": Decimal("41100.00"),
        "tp_pay_frequency": "biweekly",
        "tp_monthly_income": Decimal("4366.67"),
        "sp_employer": "FREELANCE DEMO CO",
        "sp_gross_income": Decimal("8300.00"),
        "sp_pay_frequency": "monthly",
        "sp_monthly_income": Decimal("691.67"),
        "tp_house_members": 3,
        "tp_next_tax_return": "MFJ",
        "tp_occupancy_status": "Rent",
        "taxpayer_name": "Jane Q Sample",
        "taxpayer_ssn_last4": "1234",
        "spouse_name": "John R Sample",
        "spouse_ssn_last4": "5678",
        "number_of_dependents": 1,
        "bank_accounts_total": Decimal("2450.75"),
        "cash_on_hand": Decimal("120.00"),
        "retirement_value": Decimal("18000.00"),
        "retirement_loan": Decimal("0.00"),
        "vehicle1_value": Decimal("9500.00"),
        "vehicle1_loan": Decimal("11200.00"),
        "tp_wages": Decimal("4366.67"),
        "sp_wages": Decimal("691.67"),
        "child_support": Decimal("0.00"),
        "members_under_65": 3,
        "members_over_65": 0,
        "location_state": "TX",
        "location_county": "Sample County",
        "exp_food": Decimal("950.00"),
        "exp_housekeeping": Decimal("60.00"),
        "exp_apparel": Decimal("120.00"),
        "exp_personal_care": Decimal("70.00"),
        "exp_misc": Decimal("150.00"),
        "exp_rent": Decimal("1450.00"),
        "exp_util_electricity": Decimal("180.00"),
        "exp_util_water": Decimal("45.00"),
        "exp_util_phone": Decimal("95.00"),
        "exp_health_insurance": Decimal("320.00"),
        "exp_taxes": Decimal("0.00"),
        "exp_child_care": Decimal("400.00"),
        "exp_term_life": Decimal("35.00"),
        "vehicle_count": 1,
        "exp_auto_total": Decimal("450.00"),
        "exp_auto_insurance": Decimal("140.00"),
        "exp_auto_payment1": Decimal("310.00"),
        "std_food": Decimal("1001.00"),
        "std_housekeeping": Decimal("71.00"),
        "std_apparel": Decimal("192.00"),
        "std_personal_care": Decimal("82.00"),
        "std_misc": Decimal("271.00"),
        "std_food_clothing_misc_total": Decimal("1617.00"),
        "std_health_out_of_pocket": Decimal("237.00"),
        "std_public_transportation": Decimal("244.00"),
    }
    assert found.warnings == [] and found.quarantined == []


def test_the_documented_example_grids():
    result, _ = build(INTERVIEW_EXAMPLE)
    grids = result.grids
    assert [
        (b.line_no, b.account_type, b.institution_name, b.balance) for b in grids.bank_accounts
    ] == [
        (0, "Checking", "Demo Bank Checking", Decimal("2000.75")),
        (1, "Savings", "Demo Bank Savings", Decimal("450.00")),
    ]
    [vehicle] = grids.vehicles
    assert (vehicle.year, vehicle.make, vehicle.model, vehicle.mileage) == (
        2017,
        "Demo",
        "Sedan",
        88000,
    )
    assert (vehicle.current_value, vehicle.monthly_payment, vehicle.loan_balance) == (
        Decimal("9500.00"),
        Decimal("310.00"),
        Decimal("11200.00"),
    )
    assert vehicle.final_payment_date == date(2026, 6, 1)
    assert vehicle.source_path == "/assets/vehicles/vehiclesGrid/0"
    assert [(e.name, e.amount, e.source_path) for e in grids.other_expenses] == [
        ("Child care", Decimal("400.00"), "/expenses/otherExpenses/0")
    ]
    assert grids.real_property == ()


FLAT = {
    "employment": {
        "clientEmployer": "ACME",
        "clientMonthlyIncome": "3,000",
        "clientPayFrequency": "weekly",
    },
    "household": {
        "clientName": "A B",
        "clientSSN": "123-45-6789",
        "under65": 2,
        "over65": 1,
        "state": "OH",
        "county": "Franklin",
    },
    "assets": {
        "checkingAccounts": 500,
        "realEstateValue": 200000,
        "realEstateLoan": 150000,
        "vehicle2Value": 4000,
        "investments": 1000,
        "checkingLoans": 100,
    },
    "income": {"clientWages": 3000, "dividendsInterest": 12, "otherIncome": 50, "additional1": 5},
    "expenses": {
        "food": 400,
        "rent": 900,
        "gas": 60,
        "courtPayments": 75,
        "publicTransportation": 30,
    },
    "irs_standards": {
        "food": 500,
        "total": 999,
        "housing": 1800,
        "transportation": 1,
        "totalMonthly": 2,
    },
}


def test_flat_layout_is_detected_and_read_through_the_alternatives():
    result, found = build(FLAT)
    snapshot = result.snapshot
    assert snapshot is not None and snapshot.interview_layout == "flat"
    values = snapshot.values
    assert (values["tp_employer"], values["tp_monthly_income"], values["tp_pay_frequency"]) == (
        "ACME",
        Decimal("3000.00"),
        "weekly",
    )
    assert (values["taxpayer_name"], values["taxpayer_ssn_last4"]) == ("A B", "6789")
    assert (values["members_under_65"], values["members_over_65"]) == (2, 1)
    assert (values["location_state"], values["state"], values["location_county"]) == (
        "OH",
        "OH",
        "Franklin",
    )
    assert (
        values["bank_accounts_total"],
        values["real_estate_value"],
        values["real_estate_loan"],
    ) == (
        Decimal("500.00"),
        Decimal("200000.00"),
        Decimal("150000.00"),
    )
    assert (values["vehicle2_value"], values["investments_value"], values["investments_loan"]) == (
        Decimal("4000.00"),
        Decimal("1000.00"),
        Decimal("100.00"),
    )
    assert (values["tp_wages"], values["dividends_interest"], values["other_income"]) == (
        Decimal("3000.00"),
        Decimal("12.00"),
        Decimal("50.00"),
    )
    assert values["additional_income_1"] == Decimal("5.00")
    assert (values["exp_food"], values["exp_rent"], values["exp_util_gas"]) == (
        Decimal("400.00"),
        Decimal("900.00"),
        Decimal("60.00"),
    )
    assert (values["exp_court_payments"], values["exp_public_transportation"]) == (
        Decimal("75.00"),
        Decimal("30.00"),
    )
    assert (values["std_food"], values["std_food_clothing_misc_total"], values["std_housing"]) == (
        Decimal("500.00"),
        Decimal("999.00"),
        Decimal("1800.00"),
    )
    # The flat loader's misplaced values are known but never stored.
    assert (
        values["std_health_out_of_pocket"] is None and values["std_public_transportation"] is None
    )
    assert snapshot.unmapped_keys == ()
    assert found.quarantined == []


def test_unrecognised_keys_are_listed_for_drift():
    document = {
        "employment": {"clientEmployer": "ACME", "clientFavouriteColour": "blue"},
        "assets": {
            "boats": {"boat1MarketValue": 1},
            "vehicles": {"vehiclesGrid": [{"make": "X", "vin": "1"}]},
        },
        "pets": 2,
        "case_id": "1",
    }
    result, _ = build(document)
    assert result.snapshot is not None
    assert result.snapshot.unmapped_keys == (
        "assets.boats",
        "assets.vehicles.vehiclesGrid[].vin",
        "employment.clientFavouriteColour",
        "pets",
    )


def test_household_keys_are_searched_in_employment_first_then_household():
    document = {
        "employment": {"clientHouseMembers": "4"},
        "household": {"clientHouseMembers": "5", "spouseOccupancyStatus": "Own"},
    }
    result, found = build(document)
    assert result.snapshot is not None
    assert result.snapshot.values["tp_house_members"] == 4
    assert result.snapshot.values["sp_occupancy_status"] == "Own"
    assert codes(found) == ["alias_conflict"]


def test_consistency_checks_warn_without_blocking():
    document = {
        "employment": {"clientHouseMembers": 4},
        "assets": {
            "bankAccounts": {
                "accountsData": 100,
                "accountsGrid": [{"balance": 60}, {"balance": 30}],
            },
            "vehicles": {"vehiclesGrid": [{"make": "A"}, {"make": "B"}]},
        },
        "expenses": {
            "familySize": {"under65": 2, "over65": 1},
            "transportation": {"vehicleCount": 1},
        },
        "Result": {
            "Food": 1,
            "Housekeeping": 1,
            "Apparel": 1,
            "PersonalCare": 1,
            "Misc": 1,
            "FoodClothingMiscTotal": 6,
        },
    }
    result, found = build(document)
    assert result.snapshot is not None
    assert sorted(codes(found)) == [
        "bank_accounts_mismatch",
        "household_members_mismatch",
        "irs_standards_total_mismatch",
        "vehicle_count_mismatch",
    ]


def test_bad_values_are_null_with_warnings_and_never_defaulted():
    document = {
        "employment": {"clientFrequentlyPaid": "fortnightly-ish", "clientGrossIncome": "a lot"},
        "household": {"filingStatus": "It's complicated"},
    }
    result, found = build(document)
    assert result.snapshot is not None
    values = result.snapshot.values
    assert (values["tp_pay_frequency"], values["tp_gross_income"], values["filing_status"]) == (
        None,
        None,
        None,
    )
    assert sorted(codes(found)) == ["bad_amount", "bad_filing_status", "bad_pay_frequency"]


def test_grid_entry_that_is_not_an_object_is_quarantined():
    result, found = build({"expenses": {"otherExpenses": [{"name": "Gym", "amount": 40}, "oops"]}})
    assert [e.line_no for e in result.grids.other_expenses] == [0]
    assert reasons(found) == [("/expenses/otherExpenses/1", "not_an_object")]


def test_interview_without_sections_gives_no_snapshot():
    result, found = build({}, kind="empty")
    assert result.snapshot is None and found.quarantined == []


def test_interview_that_is_not_an_object_is_quarantined():
    result, found = build([1, 2])
    assert result.snapshot is None
    assert reasons(found) == [("", "not_an_object")]
