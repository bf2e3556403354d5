"""The invented household behind a case, shared by all four sources so they agree.

Every name is obviously synthetic and every identifier is masked: SSNs exist only as their
last four digits, EINs only as their last four.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from sandbox.data.profiles import CaseProfile
from sandbox.data.seeding import case_rng

FIRST_NAMES = ("JANE", "JOHN", "ALEX", "MORGAN", "CASEY", "JORDAN", "TAYLOR", "RILEY", "JAMIE")
LAST_NAMES = ("SAMPLE", "EXAMPLE", "DEMO", "TESTCASE", "PLACEHOLDER", "FICTIVE", "MOCKWELL")
EMPLOYERS = (
    "EXAMPLE WIDGETS LLC",
    "DEMO LOGISTICS INC",
    "SAMPLE BAKERY CO",
    "PLACEHOLDER HEALTH SYSTEMS",
    "FICTIONAL FREIGHT LLC",
    "MOCK MANUFACTURING CORP",
    "TEST PATTERN MEDIA INC",
)
CONTRACT_PAYERS = ("FREELANCE DEMO CO", "GIG SAMPLE PLATFORM LLC", "CONTRACT EXAMPLE SERVICES")
BANKS = ("DEMO BANK NA", "SAMPLE CREDIT UNION", "EXAMPLE SAVINGS BANK")
PLANS = ("PLACEHOLDER RETIREMENT PLAN", "SAMPLE 401K TRUST")
STREETS = ("SAMPLE RD", "EXAMPLE AVE", "DEMO ST", "PLACEHOLDER LN")
CITIES = ("ANYTOWN", "SAMPLEVILLE", "EXAMPLE CITY")
STATES = ("TX", "OH", "FL", "AZ", "GA", "NC")
# A real county of each state, written the loose ways interviews write them, so Gold finds the
# local standards (docs/reference-data.md).
COUNTIES = {
    "TX": "Travis",
    "OH": "Franklin County",
    "FL": "Miami-Dade",
    "AZ": "maricopa county",
    "GA": "Fulton",
    "NC": "Wake County",
}
PAY_FREQUENCIES = ("Weekly", "Bi-Weekly", "biweekly", "Semi-Monthly", "Monthly", "monthly")

YearKind = Literal["balance_due", "refund", "sfr"]
LATEST_YEAR = 2023
SELF_EMPLOYMENT_TAX_RATE = 0.9235 * 0.153  # on 92.35% of net earnings


@dataclass(frozen=True)
class Person:
    first: str
    middle: str
    last: str
    ssn_last4: str

    @property
    def full_name(self) -> str:
        return f"{self.first} {self.middle} {self.last}"

    @property
    def masked_ssn(self) -> str:
        return f"XXX-XX-{self.ssn_last4}"

    @property
    def placeholder_ssn(self) -> str:
        # The interview carries a zero-filled SSN; never a realistic full number.
        return f"000-00-{self.ssn_last4}"


@dataclass(frozen=True)
class Payer:
    name: str
    ein_last4: str
    address: str

    @property
    def masked_ein(self) -> str:
        return f"XX-XXX{self.ein_last4}"


@dataclass(frozen=True)
class YearFacts:
    """Money in cents for one tax year; what the return, the forms and the account agree on."""

    year: int
    kind: YearKind
    tp_wages: int
    tp_withholding: int
    sp_income: int
    sp_withholding: int
    interest: int
    retirement: int
    early_distribution: bool
    agi: int
    taxable_income: int
    tax: int

    @property
    def withholding(self) -> int:
        return self.tp_withholding + self.sp_withholding


@dataclass(frozen=True)
class Persona:
    case_id: str
    taxpayer: Person
    spouse: Person | None
    spouse_self_employed: bool
    filing_status: str
    street: str
    city: str
    state: str
    employer: Payer
    spouse_payer: Payer | None
    bank: Payer
    plan: Payer
    tp_pay_frequency: str
    sp_pay_frequency: str
    dependents: int
    years: tuple[YearFacts, ...]

    @property
    def address_line(self) -> str:
        return f"{self.street} {self.city} {self.state} 00000"


def _digits(rng: random.Random) -> str:
    return f"{rng.randint(1000, 9999)}"


def _payer(rng: random.Random, names: tuple[str, ...]) -> Payer:
    address = f"{rng.randint(10, 990)} {rng.choice(STREETS)} {rng.choice(CITIES)} ST 00000"
    return Payer(name=rng.choice(names), ein_last4=_digits(rng), address=address)


@dataclass(frozen=True)
class _Earnings:
    """Latest-year earnings in cents; earlier years scale from these."""

    married: bool
    spouse_self_employed: bool
    tp_wages: int
    sp_income: int


def _year_facts(rng: random.Random, year: int, earnings: _Earnings) -> YearFacts:
    married = earnings.married
    growth = 1 + 0.03 * (year - LATEST_YEAR)
    tp_wages = int(earnings.tp_wages * growth * rng.uniform(0.93, 1.07))
    sp_income = int(earnings.sp_income * growth * rng.uniform(0.8, 1.2)) if married else 0
    kind: YearKind = rng.choices(("balance_due", "refund", "sfr"), weights=(6, 2, 1))[0]
    if kind == "sfr" and year > LATEST_YEAR - 3:
        kind = "balance_due"  # a substitute return takes the IRS years; recent ones are not done
    withholding_rate = 0.13 if kind == "refund" else rng.uniform(0.02, 0.07)
    tp_withholding = int(tp_wages * withholding_rate)
    sp_withholding = 0 if earnings.spouse_self_employed else int(sp_income * 0.05)
    interest = rng.randint(1_200, 48_000)
    retirement = rng.choice((0, 0, 0, rng.randint(300_000, 1_500_000)))
    agi = tp_wages + sp_income + interest + retirement
    deduction = 2_590_000 if married else 1_295_000
    taxable = max(0, agi - deduction)
    self_employment_tax = (
        int(sp_income * SELF_EMPLOYMENT_TAX_RATE) if earnings.spouse_self_employed else 0
    )
    tax = int(taxable * 0.12) + self_employment_tax
    return YearFacts(
        year=year,
        kind=kind,
        tp_wages=tp_wages,
        tp_withholding=tp_withholding,
        sp_income=sp_income,
        sp_withholding=sp_withholding,
        interest=interest,
        retirement=retirement,
        early_distribution=retirement > 0 and rng.random() < 0.5,
        agi=agi,
        taxable_income=taxable,
        tax=tax,
    )


def build_persona(case_id: str, profile: CaseProfile) -> Persona:
    rng = case_rng(case_id, "persona")
    last = rng.choice(LAST_NAMES)
    taxpayer = Person(rng.choice(FIRST_NAMES), rng.choice("ABCDEFGHJKLMNPRSTW"), last, _digits(rng))
    spouse = None
    if profile.married:
        first = rng.choice([name for name in FIRST_NAMES if name != taxpayer.first])
        spouse_last4 = _digits(rng)
        while spouse_last4 == taxpayer.ssn_last4:
            spouse_last4 = _digits(rng)
        spouse = Person(first, rng.choice("ABCDEFGHJKLMNPRSTW"), last, spouse_last4)
    spouse_self_employed = rng.random() < 0.6
    if profile.married:
        spouse_payer = _payer(rng, CONTRACT_PAYERS if spouse_self_employed else EMPLOYERS)
    else:
        spouse_payer = None
    if profile.size == "large":
        latest, count = LATEST_YEAR, 30
    else:
        latest, count = LATEST_YEAR - rng.choice((0, 0, 1)), rng.randint(3, 6)
    earnings = _Earnings(
        married=profile.married,
        spouse_self_employed=spouse_self_employed,
        tp_wages=rng.randint(3_000_000, 9_500_000),
        sp_income=rng.randint(500_000, 2_500_000),
    )
    first_year = latest - count + 1
    years = tuple(_year_facts(rng, year, earnings) for year in range(first_year, latest + 1))
    if profile.married:
        filing_status = "Married Filing Jointly"
    else:
        filing_status = rng.choice(("Single", "Head of Household"))
    return Persona(
        case_id=case_id,
        taxpayer=taxpayer,
        spouse=spouse,
        spouse_self_employed=spouse_self_employed,
        filing_status=filing_status,
        street=f"{rng.randint(10, 9900)} {rng.choice(STREETS)}",
        city=rng.choice(CITIES),
        state=rng.choice(STATES),
        employer=_payer(rng, EMPLOYERS),
        spouse_payer=spouse_payer,
        bank=_payer(rng, BANKS),
        plan=_payer(rng, PLANS),
        tp_pay_frequency=rng.choice(PAY_FREQUENCIES),
        sp_pay_frequency=rng.choice(PAY_FREQUENCIES),
        dependents=rng.randint(0, 3),
        years=years,
    )
