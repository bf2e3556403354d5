"""The household facts behind an interview: money, vehicles, accounts, dates."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sandbox.data.persona import Persona
from sandbox.data.profiles import CaseProfile
from sandbox.data.seeding import case_rng

VEHICLE_MAKES = (("Demo", "Sedan"), ("Sample", "Pickup"), ("Example", "Hatchback"), ("Mock", "Van"))


@dataclass(frozen=True)
class Vehicle:
    year: int
    make: str
    model: str
    value: int
    loan: int
    payment: int
    mileage: int


@dataclass(frozen=True)
class Account:
    kind: str
    name: str
    balance: float


@dataclass(frozen=True)
class Money:
    """Monthly figures in whole dollars (cents where the interview carries them)."""

    tp_monthly_wages: float
    sp_monthly_wages: float
    dividends_interest: int
    food: int
    housekeeping: int
    apparel: int
    personal_care: int
    misc: int
    rent: int
    mortgage: int
    utilities: dict[str, int]
    health_insurance: int
    prescriptions: int
    child_care: int
    term_life: int
    auto_insurance: int
    cash_on_hand: int
    retirement_value: int
    home_value: int


def _money(rng: random.Random, persona: Persona, revision: int, owner: bool) -> Money:
    latest = persona.years[-1]
    sp_wages = latest.sp_income / 1200 if persona.spouse else 0.0
    return Money(
        tp_monthly_wages=round(latest.tp_wages / 1200, 2),
        sp_monthly_wages=round(sp_wages, 2),
        dividends_interest=latest.interest // 1200,
        food=rng.randint(500, 1100),
        housekeeping=rng.randint(40, 90),
        apparel=rng.randint(80, 200),
        personal_care=rng.randint(50, 110),
        misc=rng.randint(100, 250),
        rent=0 if owner else rng.randint(900, 2200),
        mortgage=rng.randint(900, 2400) if owner else 0,
        utilities={
            "gas": rng.randint(30, 120),
            "electricity": rng.randint(90, 260),
            "water": rng.randint(25, 80),
            "sewer": rng.randint(0, 40),
            "cable": rng.randint(0, 120),
            "trash": rng.randint(0, 35),
            "phone": rng.randint(50, 160),
        },
        health_insurance=rng.randint(0, 650),
        prescriptions=rng.randint(0, 90),
        child_care=rng.choice((0, 0, 300, 450)) if persona.dependents else 0,
        term_life=rng.choice((0, 25, 40)),
        auto_insurance=rng.randint(80, 220),
        cash_on_hand=rng.randint(20, 400) + 25 * revision,
        retirement_value=rng.choice((0, rng.randint(2_000, 60_000))),
        home_value=rng.randint(150_000, 420_000) if owner else 0,
    )


def _vehicles(rng: random.Random, count: int) -> list[Vehicle]:
    vehicles = []
    for _ in range(count):
        make, model = rng.choice(VEHICLE_MAKES)
        value = rng.randint(3_000, 24_000)
        loan = rng.choice((0, rng.randint(1_000, 26_000)))
        payment = rng.randint(180, 520) if loan else 0
        mileage = rng.randint(20_000, 180_000)
        vehicles.append(
            Vehicle(rng.randint(2008, 2022), make, model, value, loan, payment, mileage)
        )
    return vehicles


def _accounts(rng: random.Random, count: int, revision: int) -> list[Account]:
    kinds = ("Checking", "Savings", "Money Market")
    return [
        Account(
            kinds[i % 3], f"Demo Bank {kinds[i % 3]}", round(rng.uniform(5, 4_000) + revision, 2)
        )
        for i in range(count)
    ]


@dataclass(frozen=True)
class Household:
    persona: Persona
    owner: bool
    money: Money
    vehicles: list[Vehicle]
    accounts: list[Account]
    other_expenses: list[dict[str, Any]]
    start_date: date
    dob: date
    spouse_dob: date


def build_household(persona: Persona, profile: CaseProfile, revision: int) -> Household:
    rng = case_rng(persona.case_id, "interview")
    large = profile.size == "large"
    owner = large or rng.random() < 0.35
    other = [{"name": "Child care", "amount": 400}] if persona.dependents else []
    if large:
        other += [{"name": f"Sample expense {n}", "amount": 25 * n} for n in range(1, 9)]
    return Household(
        persona=persona,
        owner=owner,
        money=_money(rng, persona, revision, owner),
        vehicles=_vehicles(rng, 4 if large else rng.randint(0, 2)),
        accounts=_accounts(rng, 3 if large else rng.randint(1, 3), revision),
        other_expenses=other,
        start_date=date(2010, 1, 1) + timedelta(days=rng.randint(0, 4000)),
        dob=date(1960, 1, 1) + timedelta(days=rng.randint(0, 12000)),
        spouse_dob=date(1960, 1, 1) + timedelta(days=rng.randint(0, 12000)),
    )
