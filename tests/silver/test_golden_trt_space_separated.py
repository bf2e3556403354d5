"""Golden rows for sandbox case 903013: TRT field names "Space Separated" (`Form Number`,
`Tax Period Ending`, `Primary SSN`, `Sub Category`, `Data`) with camelCase `responseDate` and bare
`line` / `label`. Every expected value is read off the payload by hand and typed per DOMAIN 1.2.6,
3.1 and 3.10; the 2022 return is checked line by line.
"""

from datetime import date
from decimal import Decimal

import pytest_asyncio

from tests.silver.helpers import PromotedCase, full_rows, promote_sandbox_case


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def case(pg_pool) -> PromotedCase:
    return await promote_sandbox_case(pg_pool, "903013")


def line(case, line_no, form, record_type, category, sub_category, line_number, label, data,
         numeric, kind):  # fmt: skip
    """A row of the 2022 return: every line shares its response date, period and SSNs."""
    return {
        "line_no": line_no,
        "tax_year": 2022,  # from "Tax Period Ending": "Dec. 31, 2022"
        "response_date": date(2024, 2, 18),  # "02-18-2024"
        "form_number": form,
        "tax_period_ending": date(2022, 12, 31),
        "primary_ssn_last4": "8071",  # "XXX-XX-8071"
        "spouse_ssn_last4": "8621",  # "XXX-XX-8621"
        "record_type": record_type,
        "category": category,
        "sub_category": sub_category,
        "line_number": line_number,
        "description": label,
        "raw_value": data,
        "numeric_value": numeric,
        "value_kind": kind,
        **case.lineage("trt", f"/records/{line_no}"),
    }


async def test_row_counts(case):
    counts = case.result.counts
    # AT and WI cover 2018-2022; 2018 and 2019 are substitute returns, with no TRT lines.
    assert (counts.trt_records, counts.tax_years, counts.quarantined) == (13 + 13 + 14, 5, 0)
    assert case.result.warnings == ()


async def test_every_line_of_the_2022_return(pg_pool, case):
    lines = await full_rows(pg_pool, "trt_records", case.case_id, "line_no")
    assert [row for row in lines if row["tax_year"] == 2022] == [
        # A filing status is text, not an amount; its empty "line" is null.
        line(case, 26, "1040", "General", "Filing Information", "Filing status", None,
             "Filing status", "Married Filing Jointly", None, "text"),
        line(case, 27, "1040", "Form", "Income", "Wages, salaries, tips, etc.", "1",
             "1040 line 1", "$56,508.26", Decimal("56508.26"), "money"),
        line(case, 28, "1040", "Form", "Income", "Taxable interest", "2b",
             "1040 line 2b", "$164.71", Decimal("164.71"), "money"),
        line(case, 29, "1040", "Form", "Income", "Pensions and annuities, taxable amount", "5b",
             "1040 line 5b", "$11,887.50", Decimal("11887.50"), "money"),
        line(case, 30, "1040", "Form", "Income", "Business income or (loss)", "8",
             "1040 line 8", "$6,341.75", Decimal("6341.75"), "money"),
        line(case, 31, "Schedule C", "Schedule", "Income", "Gross receipts or sales", "1",
             "Schedule C line 1", "$9,030.38", Decimal("9030.38"), "money"),
        # Parentheses print a negative amount.
        line(case, 32, "Schedule C", "Schedule", "Expenses", "Car and truck expenses", "9",
             "Schedule C line 9", "(2,688.63)", Decimal("-2688.63"), "money"),
        line(case, 33, "Schedule C", "Schedule", "Summary", "Net profit or (loss)", "31",
             "Schedule C line 31", "$6,341.75", Decimal("6341.75"), "money"),
        line(case, 34, "Schedule SE", "Schedule", "Summary", "Self-employment tax", "12",
             "Schedule SE line 12", "$896.06", Decimal("896.06"), "money"),
        line(case, 35, "1040", "Form", "Summary", "Adjusted gross income", "11",
             "1040 line 11", "$77,590.85", Decimal("77590.85"), "money"),
        line(case, 36, "1040", "Form", "Summary", "Taxable income", "15",
             "1040 line 15", "$51,690.85", Decimal("51690.85"), "money"),
        line(case, 37, "1040", "Form", "Summary", "Total tax", "24",
             "1040 line 24", "$7,478.85", Decimal("7478.85"), "money"),
        line(case, 38, "1040", "Form", "Payments", "Federal income tax withheld", "25d",
             "1040 line 25d", "$1,938.31", Decimal("1938.31"), "money"),
        line(case, 39, "1040", "Form", "Summary", "Amount you owe", "37",
             "1040 line 37", "$5,540.54", Decimal("5540.54"), "money"),
    ]  # fmt: skip


async def test_lines_are_split_into_years_by_their_period_ending(pg_pool, case):
    lines = await full_rows(pg_pool, "trt_records", case.case_id, "line_no")
    assert [row["tax_year"] for row in lines] == [2020] * 13 + [2021] * 13 + [2022] * 14
    assert {row["tax_period_ending"] for row in lines} == {
        date(2020, 12, 31),
        date(2021, 12, 31),
        date(2022, 12, 31),
    }


async def test_only_years_with_a_filed_return_have_trt(pg_pool, case):
    years = await full_rows(pg_pool, "tax_years", case.case_id, "tax_year, owner")
    assert [(y["tax_year"], y["has_trt"]) for y in years] == [
        (2018, False),
        (2019, False),
        (2020, True),
        (2021, True),
        (2022, True),
    ]
