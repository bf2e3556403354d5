"""The arithmetic of a tax projection (DOMAIN 4.10 steps 1–16), on unrounded decimals.

A null means a reference figure the step needs is missing; it carries through every later
step computed from it.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from medallion.gold.money import sum_present
from medallion.gold.silver_inputs import IncomeDocument
from medallion.gold.tax_tables import TaxBracket, progressive_tax

SE_EARNINGS_FACTOR = Decimal("0.9235")
SOCIAL_SECURITY_RATE = Decimal("0.124")
MEDICARE_RATE = Decimal("0.029")
SE_TAX_FLOOR = Decimal(400)  # no SE tax on net earnings under $400
EARLY_WITHDRAWAL_RATE = Decimal("0.10")
EARLY_DISTRIBUTION_CODE = "1"  # 1099-R code 1: early distribution, no known exception
RETIREMENT_FORM = "1099-R"
DISTRIBUTION_CODE_LABEL = "distribution code"


@dataclass(frozen=True)
class PersonFigures:
    income: Decimal  # step 1
    withholding: Decimal  # step 2
    se_income: Decimal  # step 4
    se_taxable_earnings: Decimal  # step 5
    se_social_security: Decimal | None  # step 6; None when the wage base is missing
    se_medicare: Decimal  # step 7
    se_tax: Decimal | None  # step 8
    needs_wage_base: bool


@dataclass(frozen=True)
class ScopeFigures:
    combined_income: Decimal
    combined_withholding: Decimal
    se_taxable_earnings: Decimal
    se_social_security: Decimal | None
    se_medicare: Decimal
    se_tax: Decimal | None
    early_withdrawal_penalty: Decimal
    se_deduction: Decimal | None
    estimated_agi: Decimal | None
    standard_deduction: Decimal | None
    taxable_income: Decimal | None
    income_tax: Decimal | None
    total_tax: Decimal | None
    projected_balance: Decimal | None


def person_figures(
    documents: Sequence[IncomeDocument],
    wage_forms: Collection[str],
    ss_wage_base: Decimal | None,
) -> PersonFigures:
    """Steps 1, 2 and 4–8 for one person's input forms of one year."""
    se_income = sum_present(d.gross_amount for d in documents if d.is_self_employment)
    w2_wages = sum_present(d.gross_amount for d in documents if d.form_type in wage_forms)
    se_taxable = se_income * SE_EARNINGS_FACTOR
    # The wage base matters only to a person with SE income.
    needs_wage_base = se_income > 0
    social_security: Decimal | None
    if not needs_wage_base:
        social_security = Decimal(0)
    elif ss_wage_base is None:
        social_security = None
    else:
        room_under_base = max(Decimal(0), ss_wage_base - w2_wages)
        social_security = SOCIAL_SECURITY_RATE * min(se_taxable, room_under_base)
    medicare = MEDICARE_RATE * se_taxable
    se_tax: Decimal | None
    if se_taxable < SE_TAX_FLOOR:
        se_tax = Decimal(0)
    else:
        se_tax = None if social_security is None else social_security + medicare
    return PersonFigures(
        income=sum_present(d.gross_amount for d in documents),
        withholding=sum_present(d.federal_withholding for d in documents),
        se_income=se_income,
        se_taxable_earnings=se_taxable,
        se_social_security=social_security,
        se_medicare=medicare,
        se_tax=se_tax,
        needs_wage_base=needs_wage_base,
    )


def early_withdrawal_base(documents: Iterable[IncomeDocument]) -> tuple[Decimal, int]:
    """Σ gross of 1099-R forms whose distribution code contains 1, and how many 1099-R forms
    had no code (they are left out)."""
    base = Decimal(0)
    without_code = 0
    for document in documents:
        if document.form_type != RETIREMENT_FORM:
            continue
        code = distribution_code(document.fields)
        if code is None:
            without_code += 1
        elif EARLY_DISTRIBUTION_CODE in code and document.gross_amount is not None:
            base += document.gross_amount
    return base, without_code


def distribution_code(fields: Any) -> str | None:
    """The value of the first `Fields` entry whose label contains "distribution code"."""
    if not isinstance(fields, dict):
        return None
    for label, value in fields.items():
        if DISTRIBUTION_CODE_LABEL in str(label).casefold():
            text = "" if value is None else str(value).strip()
            return text or None
    return None


def scope_figures(
    people: Iterable[PersonFigures],
    early_withdrawal_base: Decimal,
    standard_deduction: Decimal | None,
    brackets: tuple[TaxBracket, ...] | None,
) -> ScopeFigures:
    """Steps 3 and 9–16 over the persons of a scope."""
    persons = list(people)
    se_tax = _sum_or_null(p.se_tax for p in persons)
    combined_income = sum_present(p.income for p in persons)
    combined_withholding = sum_present(p.withholding for p in persons)
    penalty = EARLY_WITHDRAWAL_RATE * early_withdrawal_base
    se_deduction = None if se_tax is None else se_tax / 2
    agi = None if se_deduction is None else combined_income - se_deduction
    taxable = (
        None
        if agi is None or standard_deduction is None
        else max(Decimal(0), agi - standard_deduction)
    )
    income_tax = None if taxable is None or brackets is None else progressive_tax(taxable, brackets)
    total_tax = None if income_tax is None or se_tax is None else income_tax + se_tax + penalty
    return ScopeFigures(
        combined_income=combined_income,
        combined_withholding=combined_withholding,
        se_taxable_earnings=sum_present(p.se_taxable_earnings for p in persons),
        se_social_security=_sum_or_null(p.se_social_security for p in persons),
        se_medicare=sum_present(p.se_medicare for p in persons),
        se_tax=se_tax,
        early_withdrawal_penalty=penalty,
        se_deduction=se_deduction,
        estimated_agi=agi,
        standard_deduction=standard_deduction,
        taxable_income=taxable,
        income_tax=income_tax,
        total_tax=total_tax,
        projected_balance=None if total_tax is None else total_tax - combined_withholding,
    )


def _sum_or_null(values: Iterable[Decimal | None]) -> Decimal | None:
    """A sum of figures that are null only when a reference row is missing: null stays null."""
    total = Decimal(0)
    for value in values:
        if value is None:
            return None
        total += value
    return total
