"""The interview field map (DOMAIN 3.11): snapshot column → cell → paths, first non-empty wins.

Paths use the section prefixes of DOMAIN 3.11: E = ``employment``, H = ``household``,
A = ``assets``, I = ``income``, X = ``expenses``, R = ``raw_data``, S = ``Result`` then
``result``. The nested path comes first, then each alternative in order. This table is the one
definition of the snapshot's columns; ``010_silver.sql`` and the ``interview_cell_map`` seed
must agree with it (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from medallion.bronze.payload_shape import INTERVIEW_SECTIONS
from medallion.silver.aliases import AliasList, compiled_aliases

SECTIONS: Final = {
    "E": ("employment",),
    "H": ("household",),
    "A": ("assets",),
    "I": ("income",),
    "X": ("expenses",),
    "R": ("raw_data",),
    "S": ("Result", "result"),
}
# Every section of an interview payload (the same list Bronze uses to tell `json` from `empty`).
SECTION_NAMES: Final = INTERVIEW_SECTIONS


@dataclass(frozen=True)
class InterviewField:
    column: str
    cell: str | None
    kind: str  # text, date, money, int, filing_status, pay_frequency, ssn_last4
    paths: tuple[str, ...]  # dotted paths from the payload root

    @property
    def aliases(self) -> AliasList:
        return compiled_aliases(self.paths)


def _expand(spec: str) -> tuple[str, ...]:
    """``E.clientEmployer`` → ``employment.clientEmployer``; ``S.Food`` → two paths;
    ``E/H.key`` → the key in ``employment`` then ``household``; other roots are kept."""
    prefix, _, rest = spec.partition(".")
    if prefix == "E/H":
        return (f"employment.{rest}", f"household.{rest}")
    if prefix in SECTIONS:
        return tuple(f"{section}.{rest}" for section in SECTIONS[prefix])
    return (spec,)


def field(column: str, cell: str | None, kind: str, *specs: str) -> InterviewField:
    return InterviewField(column, cell, kind, tuple(p for spec in specs for p in _expand(spec)))


def _person_employment(prefix: str, who: str, cells: tuple[str, ...]) -> list[InterviewField]:
    """Employer fields of one person: ``tp``/``client`` or ``sp``/``spouse``."""
    employer, start, gross, net, frequency = cells
    snake = "taxpayer" if who == "client" else "spouse"
    employer_alts = (
        ("E.taxpayer_employer", "E.b3") if who == "client" else ("E.spouse_employer", "E.c3")
    )
    start_alts = (
        ("E.clientEmploymentStartDate", "E.start_date")
        if who == "client"
        else ("E.spouseEmploymentStartDate", "E.spouse_start_date")
    )
    frequency_alts = (
        ("E.clientPayFrequency", "E.pay_frequency")
        if who == "client"
        else ("E.spousePayFrequency", "E.spouse_pay_frequency")
    )
    plain_alts = who == "client"
    return [
        field(f"{prefix}_employer", employer, "text", f"E.{who}Employer", *employer_alts),
        field(
            f"{prefix}_employer_address",
            None,
            "text",
            f"E.{who}EmployerAddress",
            *(("E.employer_address",) if plain_alts else ()),
        ),
        field(
            f"{prefix}_employer_phone",
            None,
            "text",
            f"E.{who}EmployerPhone",
            *(("E.employer_phone",) if plain_alts else ()),
        ),
        field(
            f"{prefix}_occupation",
            None,
            "text",
            f"E.{who}Occupation",
            *(("E.occupation",) if plain_alts else ()),
        ),
        field(
            f"{prefix}_employment_status",
            None,
            "text",
            f"E.{who}EmploymentStatus",
            *(("E.employment_status",) if plain_alts else ()),
        ),
        field(f"{prefix}_employment_start", start, "date", f"E.{who}StartWorkingDate", *start_alts),
        field(
            f"{prefix}_gross_income",
            gross,
            "money",
            f"E.{who}GrossIncome",
            f"E.{snake}_gross_income",
        ),
        field(f"{prefix}_net_income", net, "money", f"E.{who}NetIncome"),
        field(
            f"{prefix}_pay_frequency",
            frequency,
            "pay_frequency",
            f"E.{who}FrequentlyPaid",
            *frequency_alts,
        ),
    ]


def _household_claims(prefix: str, who: str, cells: tuple[str, ...]) -> list[InterviewField]:
    members, next_return, spouse_claim, residency, occupancy = cells
    return [
        field(f"{prefix}_house_members", members, "int", f"E/H.{who}HouseMembers"),
        field(f"{prefix}_next_tax_return", next_return, "filing_status", f"E/H.{who}NextTaxReturn"),
        field(f"{prefix}_spouse_claim", spouse_claim, "text", f"E/H.{who}SpouseClaim"),
        field(f"{prefix}_length_of_residency", residency, "text", f"E/H.{who}Lengthofresidency"),
        field(f"{prefix}_occupancy_status", occupancy, "text", f"E/H.{who}OccupancyStatus"),
    ]


def _balances(
    column: str, cells: tuple[str, str], value: tuple[str, ...], loan: tuple[str, ...]
) -> list[InterviewField]:
    return [
        field(f"{column}_value", cells[0], "money", *value),
        field(f"{column}_loan", cells[1], "money", *loan),
    ]


def _vehicles() -> list[InterviewField]:
    fields = []
    for n in range(1, 5):
        fields += _balances(
            f"vehicle{n}",
            (f"B{23 + n}", f"D{23 + n}"),
            (f"A.vehicles.vehicle{n}MarketValue", f"A.vehicle{n}Value"),
            (f"A.vehicles.vehicle{n}Loan", f"A.vehicle{n}Loan"),
        )
    return fields


def _money_group(
    cells: list[str], columns: list[str], nested: str, keys: list[str], flat: str
) -> list[InterviewField]:
    return [
        field(column, cell, "money", f"{nested}.{key}", f"{flat}.{key}")
        for column, cell, key in zip(columns, cells, keys, strict=True)
    ]


INTERVIEW_FIELDS: Final[tuple[InterviewField, ...]] = (
    *_person_employment("tp", "client", ("B3", "B4", "B5", "B6", "B7")),
    field(
        "tp_monthly_income",
        "AL7",
        "money",
        "I.taxpayerIncome.wages",
        "E.clientMonthlyIncome",
        "E.al7",
    ),
    *_person_employment("sp", "spouse", ("C3", "C4", "C5", "C6", "C7")),
    field(
        "sp_monthly_income",
        "AL8",
        "money",
        "I.spouseIncome.wages",
        "E.spouseMonthlyIncome",
        "E.al8",
    ),
    *_household_claims("tp", "client", ("B10", "B11", "B12", "B13", "B14")),
    *_household_claims("sp", "spouse", ("C10", "C11", "C12", "C13", "C14")),
    field("taxpayer_name", None, "text", "H.taxpayerName", "H.clientName", "H.name"),
    field("taxpayer_ssn_last4", None, "ssn_last4", "H.taxpayerSSN", "H.clientSSN", "H.ssn"),
    field("taxpayer_dob", None, "date", "H.taxpayerDOB", "H.clientDOB", "H.dob"),
    field("taxpayer_phone", None, "text", "H.taxpayerPhone", "H.clientPhone", "H.phone"),
    field("taxpayer_email", None, "text", "H.taxpayerEmail", "H.clientEmail", "H.email"),
    field("spouse_name", None, "text", "H.spouseName", "H.spouse_name"),
    field("spouse_ssn_last4", None, "ssn_last4", "H.spouseSSN", "H.spouse_ssn"),
    field("spouse_dob", None, "date", "H.spouseDOB", "H.spouse_dob"),
    field("filing_status", None, "filing_status", "H.filingStatus", "H.filing_status"),
    field("marital_status", None, "text", "H.maritalStatus", "H.marital_status"),
    field("number_of_dependents", None, "int", "H.numberOfDependents", "H.dependents"),
    field("household_size", None, "int", "H.householdSize", "H.household_size"),
    field("street_address", None, "text", "H.streetAddress", "H.address", "H.street"),
    field("city", None, "text", "H.city"),
    field("state", None, "text", "H.state"),
    field("zip_code", None, "text", "H.zipCode", "H.zip"),
    field(
        "bank_accounts_total", "B18", "money", "A.bankAccounts.accountsData", "A.checkingAccounts"
    ),
    field("cash_on_hand", "B19", "money", "A.cashOnHand"),
    *_balances(
        "investments",
        ("B20", "D20"),
        ("A.investments.investmentMarketValue", "A.investments"),
        ("A.investments.investmentLoan", "A.checkingLoans"),
    ),
    *_balances(
        "life_insurance",
        ("B21", "D21"),
        ("A.lifeInsurance.insuranceMarketValue", "A.lifeInsurance"),
        ("A.lifeInsurance.insuranceLoan", "A.cashLoans"),
    ),
    *_balances(
        "retirement",
        ("B22", "D22"),
        ("A.retirement.retirementMarketValue", "A.retirement"),
        ("A.retirement.retirementLoan",),
    ),
    *_balances(
        "real_estate",
        ("B23", "D23"),
        ("A.realProperty.realEstateMarketValue", "A.realEstateValue"),
        ("A.realProperty.realEstateLoan", "A.realEstateLoan"),
    ),
    *_vehicles(),
    *_balances(
        "personal_effects",
        ("B28", "D28"),
        ("A.personalEffects.personalEffectsMarketValue",),
        ("A.personalEffects.personalEffectsLoan",),
    ),
    *_balances(
        "other_assets",
        ("B29", "D29"),
        ("A.otherAssets.otherAssetsMarketValue",),
        ("A.otherAssets.otherAssetsLoan",),
    ),
    field("tp_wages", "B33", "money", "I.taxpayerIncome.wages", "I.clientWages"),
    field(
        "tp_social_security",
        "B34",
        "money",
        "I.taxpayerIncome.socialSecurity",
        "I.clientSocialSecurity",
    ),
    field("tp_pension", "B35", "money", "I.taxpayerIncome.pension", "I.clientPension"),
    field("sp_wages", "B36", "money", "I.spouseIncome.wages", "I.spouseWages"),
    field(
        "sp_social_security",
        "B37",
        "money",
        "I.spouseIncome.socialSecurity",
        "I.spouseSocialSecurity",
    ),
    field("sp_pension", "B38", "money", "I.spouseIncome.pension", "I.spousePension"),
    *_money_group(
        ["B39", "B40", "B41", "B42", "B43", "B44"],
        [
            "dividends_interest",
            "rental_gross",
            "rental_expenses",
            "distributions",
            "alimony",
            "child_support",
        ],
        "I.otherIncome",
        [
            "dividendsInterest",
            "rentalGross",
            "rentalExpenses",
            "distributions",
            "alimony",
            "childSupport",
        ],
        "I",
    ),
    field("other_income", "B45", "money", "I.otherIncome.other", "I.otherIncome"),
    field("additional_income_1", "B46", "money", "R.IncomeAdditional1", "I.additional1"),
    field("additional_income_2", "B47", "money", "R.IncomeAdditional2", "I.additional2"),
    field("members_under_65", "B50", "int", "X.familySize.under65", "H.under65"),
    field("members_over_65", "B51", "int", "X.familySize.over65", "H.over65"),
    field("location_state", "B52", "text", "X.location.state", "H.state"),
    field("location_county", "B53", "text", "X.location.county", "H.county"),
    *_money_group(
        ["B56", "B57", "B58", "B59", "B60"],
        ["exp_food", "exp_housekeeping", "exp_apparel", "exp_personal_care", "exp_misc"],
        "X.foodClothingMisc",
        ["food", "housekeeping", "apparel", "personalCare", "misc"],
        "X",
    ),
    *_money_group(
        ["B64", "B65", "B66", "B67", "B68"],
        [
            "exp_mortgage_lien1",
            "exp_mortgage_lien2",
            "exp_rent",
            "exp_home_insurance",
            "exp_property_tax",
        ],
        "X.housing",
        ["mortgageLien1", "mortgageLien2", "rent", "insurance", "propertyTax"],
        "X",
    ),
    *_money_group(
        ["B69", "B70", "B71", "B72", "B73", "B74", "B75"],
        [
            "exp_util_gas",
            "exp_util_electricity",
            "exp_util_water",
            "exp_util_sewer",
            "exp_util_cable",
            "exp_util_trash",
            "exp_util_phone",
        ],
        "X.housing.utilities",
        ["gas", "electricity", "water", "sewer", "cable", "trash", "phone"],
        "X",
    ),
    *_money_group(
        ["B79", "B80", "B81"],
        ["exp_health_insurance", "exp_prescriptions", "exp_copays"],
        "X.healthcare",
        ["healthInsurance", "prescriptions", "copays"],
        "X",
    ),
    field("exp_taxes", "B84", "money", "X.taxes"),
    field("exp_court_payments", "B87", "money", "R.ExpenseCourtPayments", "X.courtPayments"),
    field("exp_child_care", "B88", "money", "R.ExpenseChildCare", "X.childCare"),
    field("exp_whole_life", "B89", "money", "R.ExpenseWholeLifeInsurance", "X.wholeLifeInsurance"),
    field("exp_term_life", "B90", "money", "R.ExpenseTermLifeInsurance", "X.termLifeInsurance"),
    field("vehicle_count", "AK2", "int", "X.transportation.vehicleCount"),
    field(
        "exp_public_transportation",
        "AK4",
        "money",
        "X.transportation.publicTransportation",
        "X.publicTransportation",
    ),
    field("exp_auto_total", "AK5", "money", "R.ExpenseAutoTotal"),
    *_money_group(
        ["AK6", "AK7", "AK8"],
        ["exp_auto_insurance", "exp_auto_payment1", "exp_auto_payment2"],
        "X.transportation",
        ["autoInsurance", "autoPayment1", "autoPayment2"],
        "X",
    ),
    field("std_food", "C56", "money", "S.Food", "irs_standards.food"),
    field("std_housekeeping", "C57", "money", "S.Housekeeping", "irs_standards.housekeeping"),
    field("std_apparel", "C58", "money", "S.Apparel", "irs_standards.apparel"),
    field("std_personal_care", "C59", "money", "S.PersonalCare", "irs_standards.personalCare"),
    field("std_misc", "C60", "money", "S.Misc", "irs_standards.misc"),
    field(
        "std_food_clothing_misc_total",
        "C61_IRS",
        "money",
        "S.FoodClothingMiscTotal",
        "irs_standards.total",
    ),
    field("std_health_out_of_pocket", "C80", "money", "S.HealthOutOfPocket"),
    field("std_public_transportation", "AL4", "money", "S.PublicTrans"),
    field("std_housing", "C76", "money", "irs_standards.housing"),
)

# Keys that are known but deliberately not stored: cells that only echoed others, and values the
# flat loader put in the wrong cell (DOMAIN 3.11).
IGNORED_PATHS: Final = frozenset({"irs_standards.transportation", "irs_standards.totalMonthly"})

# Grid arrays (DOMAIN 3.12): payload path → {payload key: column}.
BANK_ACCOUNTS_GRID: Final = "assets.bankAccounts.accountsGrid"
REAL_PROPERTY_GRID: Final = "assets.realProperty.propertyGrid"
VEHICLES_GRID: Final = "assets.vehicles.vehiclesGrid"
OTHER_EXPENSES_GRID: Final = "expenses.otherExpenses"
GRID_KEYS: Final = {
    BANK_ACCOUNTS_GRID: ("type", "fullName", "balance"),
    REAL_PROPERTY_GRID: (
        "propertyAddress", "currentValue", "purchasedDate", "purchasedPrice",
        "monthlyPayment", "loanBalance", "finalPaymentDate",
    ),
    VEHICLES_GRID: (
        "year", "make", "model", "currentValue", "mileage",
        "monthlyPayment", "loanBalance", "finalPaymentDate",
    ),
    OTHER_EXPENSES_GRID: ("name", "amount"),
}  # fmt: skip


def known_paths() -> frozenset[str]:
    """Every dotted path the field map or the grids read, plus the ignored ones."""
    return (
        frozenset(p for f in INTERVIEW_FIELDS for p in f.paths)
        | IGNORED_PATHS
        | frozenset(GRID_KEYS)
    )


def snapshot_columns() -> tuple[str, ...]:
    return tuple(f.column for f in INTERVIEW_FIELDS)
