"""Standard deductions, tax brackets and the Social Security wage base (DOMAIN 3.14).

A year (or year and filing status) without rows is never filled from the nearest year: the
lookups return None and the projection says which table and year were missing (4.10).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from medallion.platform.db import Connection

_SELECT_STANDARD_DEDUCTIONS = "SELECT year, filing_status, amount FROM standard_deductions"
_SELECT_TAX_BRACKETS = """
SELECT year, filing_status, income_min, income_max, rate FROM tax_brackets ORDER BY income_min
"""
_SELECT_SS_WAGE_BASE = "SELECT year, amount FROM ss_wage_base"


@dataclass(frozen=True)
class TaxBracket:
    income_min: Decimal
    income_max: Decimal | None  # None: the open top bracket
    rate: Decimal


@dataclass(frozen=True)
class TaxTables:
    standard_deductions: Mapping[tuple[int, str], Decimal]
    brackets: Mapping[tuple[int, str], tuple[TaxBracket, ...]]
    ss_wage_bases: Mapping[int, Decimal]

    def standard_deduction(self, year: int, filing_status: str) -> Decimal | None:
        return self.standard_deductions.get((year, filing_status))

    def brackets_for(self, year: int, filing_status: str) -> tuple[TaxBracket, ...] | None:
        return self.brackets.get((year, filing_status))

    def ss_wage_base(self, year: int) -> Decimal | None:
        return self.ss_wage_bases.get(year)


def progressive_tax(taxable_income: Decimal, brackets: tuple[TaxBracket, ...]) -> Decimal:
    """Σ over brackets of (min(income, upper) − lower) × rate where income > lower."""
    tax = Decimal(0)
    for bracket in brackets:
        if taxable_income <= bracket.income_min:
            continue
        upper = taxable_income if bracket.income_max is None else bracket.income_max
        tax += (min(taxable_income, upper) - bracket.income_min) * bracket.rate
    return tax


async def load_tax_tables(conn: Connection) -> TaxTables:
    brackets: dict[tuple[int, str], list[TaxBracket]] = defaultdict(list)
    for r in await conn.fetch(_SELECT_TAX_BRACKETS):
        brackets[(r["year"], r["filing_status"])].append(
            TaxBracket(income_min=r["income_min"], income_max=r["income_max"], rate=r["rate"])
        )
    return TaxTables(
        standard_deductions={
            (r["year"], r["filing_status"]): r["amount"]
            for r in await conn.fetch(_SELECT_STANDARD_DEDUCTIONS)
        },
        brackets={key: tuple(rows) for key, rows in brackets.items()},
        ss_wage_bases={r["year"]: r["amount"] for r in await conn.fetch(_SELECT_SS_WAGE_BASE)},
    )
