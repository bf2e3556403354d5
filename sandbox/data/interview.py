"""The client financial interview (DOMAIN 1.3.4), in the nested or the flat layout."""

from __future__ import annotations

from typing import Any

from sandbox.data.formatting import format_date
from sandbox.data.household import Household, build_household
from sandbox.data.persona import COUNTIES, Person, Persona
from sandbox.data.profiles import CaseProfile

FILING_CODES = {"Married Filing Jointly": "MFJ", "Single": "Single", "Head of Household": "HOH"}


def _members(h: Household) -> int:
    return 1 + (h.persona.spouse is not None) + h.persona.dependents


def _title(person: Person) -> str:
    return person.full_name.title()


def _employment(h: Household) -> dict[str, Any]:
    p = h.persona
    latest = p.years[-1]
    employment: dict[str, Any] = {
        "clientEmployer": p.employer.name,
        "clientEmployerAddress": p.employer.address,
        "clientEmployerPhone": "555-0100",
        "clientOccupation": "Warehouse associate",
        "clientEmploymentStatus": "Employed",
        "clientStartWorkingDate": h.start_date.isoformat(),
        "clientGrossIncome": latest.tp_wages // 100,
        "clientNetIncome": latest.tp_wages * 78 // 10_000,
        "clientFrequentlyPaid": p.tp_pay_frequency,
    }
    if p.spouse and p.spouse_payer:
        employment.update(
            {
                "spouseEmployer": p.spouse_payer.name,
                "spouseStartWorkingDate": format_date(h.start_date, "mdy_slash"),
                "spouseGrossIncome": f"{latest.sp_income // 100:,}",
                "spouseFrequentlyPaid": p.sp_pay_frequency,
                "spouseOccupation": "Contractor" if p.spouse_self_employed else "Clerk",
            }
        )
    # Household keys are often filed under employment (DOMAIN 6 #21).
    employment.update(
        {
            "clientHouseMembers": str(_members(h)),
            "clientNextTaxReturn": FILING_CODES[p.filing_status],
            "clientSpouseClaim": "No",
            "clientLengthofresidency": "4 years",
            "clientOccupancyStatus": "Own" if h.owner else "Rent",
        }
    )
    return employment


def _identity(h: Household) -> dict[str, Any]:
    p = h.persona
    household: dict[str, Any] = {
        "taxpayerName": _title(p.taxpayer),
        "taxpayerSSN": p.taxpayer.placeholder_ssn,
        "taxpayerDOB": h.dob.isoformat(),
        "taxpayerPhone": "555-0142",
        "taxpayerEmail": f"{p.taxpayer.first.lower()}.{p.taxpayer.last.lower()}@example.com",
    }
    if p.spouse:
        household.update(
            {
                "spouseName": _title(p.spouse),
                "spouseSSN": p.spouse.placeholder_ssn,
                "spouseDOB": h.spouse_dob.isoformat(),
            }
        )
    household.update(
        {
            "filingStatus": p.filing_status,
            "maritalStatus": "Married" if p.spouse else "Single",
            "numberOfDependents": p.dependents,
            "householdSize": _members(h),
            "streetAddress": p.street,
            "city": p.city,
            "state": p.state,
            "zipCode": "00000",
        }
    )
    return household


def _irs_standards(members: int) -> dict[str, int]:
    scale = 1 + 0.3 * (members - 1)
    food, housekeeping = int(458 * scale), int(40 * scale)
    apparel, personal_care, misc = int(99 * scale), int(45 * scale), int(170 * scale)
    return {
        "Food": food,
        "Housekeeping": housekeeping,
        "Apparel": apparel,
        "PersonalCare": personal_care,
        "Misc": misc,
        "FoodClothingMiscTotal": food + housekeeping + apparel + personal_care + misc,
        "HealthOutOfPocket": 79 * members,
        "PublicTrans": 244,
    }


def _auto_payments(h: Household) -> list[int]:
    return [v.payment for v in h.vehicles] + [0, 0]


def _nested_vehicles(h: Household) -> dict[str, Any]:
    vehicles: dict[str, Any] = {}
    for n, v in enumerate(h.vehicles, start=1):
        vehicles[f"vehicle{n}MarketValue"] = v.value
        vehicles[f"vehicle{n}Loan"] = v.loan
    vehicles["vehiclesGrid"] = [
        {
            "year": str(v.year),
            "make": v.make,
            "model": v.model,
            "currentValue": v.value,
            "mileage": str(v.mileage),
            "monthlyPayment": v.payment,
            "loanBalance": v.loan,
            "finalPaymentDate": "2026-06-01" if v.loan else "",
        }
        for v in h.vehicles
    ]
    return vehicles


def _nested_real_property(h: Household) -> dict[str, Any]:
    m = h.money
    if not h.owner:
        return {"realEstateMarketValue": 0, "realEstateLoan": 0}
    loan = m.home_value * 7 // 10
    home = {
        "propertyAddress": h.persona.address_line,
        "currentValue": m.home_value,
        "purchasedDate": "2015-08-14",
        "purchasedPrice": m.home_value * 8 // 10,
        "monthlyPayment": m.mortgage,
        "loanBalance": loan,
        "finalPaymentDate": "2045-08-01",
    }
    return {"realEstateMarketValue": m.home_value, "realEstateLoan": loan, "propertyGrid": [home]}


def _nested_assets(h: Household) -> dict[str, Any]:
    m = h.money
    accounts = [{"type": a.kind, "fullName": a.name, "balance": a.balance} for a in h.accounts]
    return {
        "cashOnHand": m.cash_on_hand,
        "bankAccounts": {
            "accountsData": round(sum(a.balance for a in h.accounts), 2),
            "accountsGrid": accounts,
        },
        "investments": {"investmentMarketValue": 0, "investmentLoan": 0},
        "lifeInsurance": {"insuranceMarketValue": 0, "insuranceLoan": 0},
        "retirement": {"retirementMarketValue": m.retirement_value, "retirementLoan": 0},
        "realProperty": _nested_real_property(h),
        "vehicles": _nested_vehicles(h),
        "personalEffects": {"personalEffectsMarketValue": 1500, "personalEffectsLoan": 0},
        "otherAssets": {"otherAssetsMarketValue": 0, "otherAssetsLoan": 0},
    }


def _nested_income(h: Household) -> dict[str, Any]:
    m = h.money
    return {
        "taxpayerIncome": {"wages": m.tp_monthly_wages, "socialSecurity": 0, "pension": 0},
        "spouseIncome": {"wages": m.sp_monthly_wages, "socialSecurity": 0, "pension": 0},
        "otherIncome": {
            "dividendsInterest": m.dividends_interest,
            "rentalGross": 0,
            "rentalExpenses": 0,
            "distributions": 0,
            "alimony": 0,
            "childSupport": 0,
            "other": 0,
        },
    }


def _nested_expenses(h: Household) -> dict[str, Any]:
    m = h.money
    auto_payments = _auto_payments(h)
    return {
        "familySize": {"under65": str(_members(h)), "over65": "0"},
        "location": {"state": h.persona.state, "county": COUNTIES[h.persona.state]},
        "foodClothingMisc": {
            "food": m.food,
            "housekeeping": m.housekeeping,
            "apparel": m.apparel,
            "personalCare": m.personal_care,
            "misc": m.misc,
        },
        "housing": {
            "rent": m.rent,
            "mortgageLien1": m.mortgage,
            "mortgageLien2": 0,
            "insurance": 95 if h.owner else 0,
            "propertyTax": 310 if h.owner else 0,
            "utilities": m.utilities,
        },
        "healthcare": {
            "healthInsurance": m.health_insurance,
            "prescriptions": m.prescriptions,
            "copays": 20,
        },
        "taxes": 0,
        "transportation": {
            "vehicleCount": str(len(h.vehicles)),
            "publicTransportation": 0,
            "autoInsurance": m.auto_insurance,
            "autoPayment1": auto_payments[0],
            "autoPayment2": auto_payments[1],
        },
        "otherExpenses": h.other_expenses,
    }


def _nested(h: Household) -> dict[str, Any]:
    m = h.money
    auto_payments = _auto_payments(h)
    return {
        "employment": _employment(h),
        "household": _identity(h),
        "assets": _nested_assets(h),
        "income": _nested_income(h),
        "expenses": _nested_expenses(h),
        "raw_data": {
            "IncomeAdditional1": 0,
            "IncomeAdditional2": 0,
            "ExpenseCourtPayments": 0,
            "ExpenseChildCare": m.child_care,
            "ExpenseWholeLifeInsurance": 0,
            "ExpenseTermLifeInsurance": m.term_life,
            "ExpenseAutoTotal": m.auto_insurance + auto_payments[0] + auto_payments[1],
        },
        "Result": _irs_standards(_members(h)),
    }


def _flat_assets(h: Household) -> dict[str, Any]:
    m = h.money
    assets: dict[str, Any] = {
        "checkingAccounts": round(sum(a.balance for a in h.accounts), 2),
        "cashOnHand": m.cash_on_hand,
        "investments": 0,
        "lifeInsurance": 0,
        "retirement": m.retirement_value,
        "realEstateValue": m.home_value,
        "realEstateLoan": m.home_value * 7 // 10,
    }
    for n, v in enumerate(h.vehicles, start=1):
        assets[f"vehicle{n}Value"] = v.value
        assets[f"vehicle{n}Loan"] = v.loan
    return assets


def _flat_expenses(h: Household) -> dict[str, Any]:
    m = h.money
    return {
        "food": m.food,
        "housekeeping": m.housekeeping,
        "apparel": m.apparel,
        "personalCare": m.personal_care,
        "misc": m.misc,
        "rent": m.rent,
        "mortgageLien1": m.mortgage,
        **m.utilities,
        "healthInsurance": m.health_insurance,
        "prescriptions": m.prescriptions,
        "courtPayments": 0,
        "childCare": m.child_care,
        "termLifeInsurance": m.term_life,
        "autoInsurance": m.auto_insurance,
        "autoPayment1": _auto_payments(h)[0],
        "publicTransportation": 0,
    }


def _flat_standards(members: int) -> dict[str, int]:
    # The flat loader's lower-case keys, plus three figures with no nested counterpart.
    nested = _irs_standards(members)
    return {
        "food": nested["Food"],
        "housekeeping": nested["Housekeeping"],
        "apparel": nested["Apparel"],
        "personalCare": nested["PersonalCare"],
        "misc": nested["Misc"],
        "total": nested["FoodClothingMiscTotal"],
        "housing": 1_850,
        "transportation": 588,
        "totalMonthly": 4_120,
    }


def _flat(h: Household) -> dict[str, Any]:
    m = h.money
    employment = _employment(h)
    employment["clientMonthlyIncome"] = m.tp_monthly_wages
    if h.persona.spouse:
        employment["spouseMonthlyIncome"] = m.sp_monthly_wages
    household = _identity(h)
    household.update({"under65": _members(h), "over65": 0, "county": COUNTIES[h.persona.state]})
    return {
        "employment": employment,
        "household": household,
        "assets": _flat_assets(h),
        "income": {
            "clientWages": m.tp_monthly_wages,
            "spouseWages": m.sp_monthly_wages,
            "clientSocialSecurity": 0,
            "clientPension": 0,
            "dividendsInterest": m.dividends_interest,
            "rentalGross": 0,
            "otherIncome": 0,
        },
        "expenses": _flat_expenses(h),
        "irs_standards": _flat_standards(_members(h)),
    }


def interview_document(persona: Persona, profile: CaseProfile, revision: int) -> dict[str, Any]:
    household = build_household(persona, profile, revision)
    if profile.interview_layout == "flat":
        return _flat(household)
    return _nested(household)
