"""Tax return transcripts (DOMAIN 1.2.6): the filed returns' line items, values as printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sandbox.data.at import as_of_date
from sandbox.data.formatting import DATE_STYLES, Formatter, format_date, format_printed
from sandbox.data.persona import SELF_EMPLOYMENT_TAX_RATE, Persona, YearFacts
from sandbox.data.profiles import CaseProfile, TrtStyle
from sandbox.data.seeding import case_rng

KEYS: dict[TrtStyle, dict[str, str]] = {
    "snake": {
        "response_date": "response_date",
        "form": "form_number",
        "period": "tax_period_ending",
        "primary_ssn": "primary_ssn",
        "spouse_ssn": "spouse_ssn",
        "type": "type",
        "category": "category",
        "sub_category": "sub_category",
        "line": "line_number",
        "description": "description",
        "value": "data",
    },
    "camel": {
        "response_date": "responseDate",
        "form": "formNumber",
        "period": "taxPeriodEnding",
        "primary_ssn": "primarySSN",
        "spouse_ssn": "spouseSSN",
        "type": "type",
        "category": "category",
        "sub_category": "subCategory",
        "line": "lineNumber",
        "description": "label",
        "value": "value",
    },
    "space": {
        "response_date": "responseDate",
        "form": "Form Number",
        "period": "Tax Period Ending",
        "primary_ssn": "Primary SSN",
        "spouse_ssn": "Spouse SSN",
        "type": "Type",
        "category": "Category",
        "sub_category": "Sub Category",
        "line": "line",
        "description": "label",
        "value": "Data",
    },
}


@dataclass(frozen=True)
class Line:
    form: str
    record_type: str
    category: str
    label: str
    line: str
    value: str


def _money(cents: int) -> str:
    return format_printed(cents)


def _form_1040(category: str, label: str, line: str, cents: int) -> Line:
    return Line("1040", "Form", category, label, line, _money(cents))


def _schedule(form: str, category: str, label: str, line: str, cents: int) -> Line:
    return Line(form, "Schedule", category, label, line, _money(cents))


def _business_lines(facts: YearFacts, expenses: int) -> list[Line]:
    """The self-employed spouse's Schedule C and SE; expenses print in parentheses."""
    profit = facts.sp_income - expenses
    return [
        _form_1040("Income", "Business income or (loss)", "8", profit),
        _schedule("Schedule C", "Income", "Gross receipts or sales", "1", facts.sp_income),
        _schedule("Schedule C", "Expenses", "Car and truck expenses", "9", -expenses),
        _schedule("Schedule C", "Summary", "Net profit or (loss)", "31", profit),
        _schedule(
            "Schedule SE",
            "Summary",
            "Self-employment tax",
            "12",
            int(profit * SELF_EMPLOYMENT_TAX_RATE),
        ),
    ]


def _lines(persona: Persona, facts: YearFacts, business_expenses: int) -> list[Line]:
    business = persona.spouse is not None and persona.spouse_self_employed
    wages = facts.tp_wages + (0 if business else facts.sp_income)
    lines = [
        Line("1040", "General", "Filing Information", "Filing status", "", persona.filing_status),
        _form_1040("Income", "Wages, salaries, tips, etc.", "1", wages),
        _form_1040("Income", "Taxable interest", "2b", facts.interest),
    ]
    if facts.retirement:
        label = "Pensions and annuities, taxable amount"
        lines.append(_form_1040("Income", label, "5b", facts.retirement))
    if business:
        lines += _business_lines(facts, business_expenses)
    owed = facts.tax - facts.withholding
    lines += [
        _form_1040("Summary", "Adjusted gross income", "11", facts.agi),
        _form_1040("Summary", "Taxable income", "15", facts.taxable_income),
        _form_1040("Summary", "Total tax", "24", facts.tax),
        _form_1040("Payments", "Federal income tax withheld", "25d", facts.withholding),
        _form_1040("Summary", "Amount you owe", "37", owed)
        if owed >= 0
        else _form_1040("Summary", "Overpaid", "34", -owed),
    ]
    return lines


def trt_records(persona: Persona, profile: CaseProfile, revision: int) -> list[dict[str, Any]]:
    """Line items of every filed return (no transcript exists for a substitute return)."""
    rng = case_rng(persona.case_id, "trt")
    fmt = Formatter(rng, rng.choice(DATE_STYLES))
    keys = KEYS[profile.trt_style]
    response_date = fmt.date(as_of_date(persona, revision))
    spouse_ssn = persona.spouse.masked_ssn if persona.spouse else ""
    records: list[dict[str, Any]] = []
    for facts in persona.years:
        if facts.kind == "sfr":
            continue
        period_end = date(facts.year, 12, 31)
        period = (
            fmt.date(period_end)
            if profile.trt_style == "camel"
            else format_date(period_end, "month_abbr")
        )
        for line in _lines(persona, facts, rng.randint(40_000, 300_000)):
            record = {
                keys["response_date"]: response_date,
                keys["form"]: line.form,
                keys["period"]: period,
                keys["primary_ssn"]: persona.taxpayer.masked_ssn,
                keys["spouse_ssn"]: spouse_ssn,
                keys["type"]: line.record_type,
                keys["category"]: line.category,
                keys["sub_category"]: line.label,
                keys["line"]: line.line,
                keys["description"]: f"{line.form} line {line.line}".strip()
                if line.line
                else line.label,
                keys["value"]: line.value,
            }
            records.append(record)
    return records


def trt_document(persona: Persona, profile: CaseProfile, revision: int) -> Any:
    records = trt_records(persona, profile, revision)
    if profile.trt_wrapper == "bare":
        return records
    return {"case_id": persona.case_id, profile.trt_wrapper: records}
