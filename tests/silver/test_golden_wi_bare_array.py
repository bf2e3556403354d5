"""Golden rows for sandbox case 902008: the WI payload is a bare top-level array of ten forms
(2021–2023), with form types spelled `W2`, `1099NEC`, `1099 INT`, two W-2s carrying their wages
only in `Fields`, and amounts as numbers and strings. Every expected value is read off the payload
by hand and typed per DOMAIN 1.2.5, 3.1 and 3.7–3.9.
"""

from decimal import Decimal

import pytest_asyncio

from tests.silver.helpers import PromotedCase, full_rows, promote_sandbox_case


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def case(pg_pool) -> PromotedCase:
    return await promote_sandbox_case(pg_pool, "902008")


# The wi_type_rules seed (DOMAIN 3.8) for the forms of the case.
W2_RULE = {
    "category": "Non-SE",
    "is_self_employment": False,
    "include_in_projection": True,
    "affects_resolution_options": False,
    "resolution_income_asset": "Income",
    "rule_matched": True,
}
NEC_RULE = {
    **W2_RULE,
    "category": "SE",
    "is_self_employment": True,
    "affects_resolution_options": True,
}
INT_RULE = {**W2_RULE, "resolution_income_asset": "Asset"}
R_RULE = W2_RULE

BAKERY = {
    "issuer_tin": "XX-XXX4559",
    "issuer_name": "SAMPLE BAKERY CO",
    "issuer_address": "648 DEMO ST SAMPLEVILLE ST 00000",
}
PLATFORM = {
    "issuer_tin": "XX-XXX7969",
    "issuer_name": "GIG SAMPLE PLATFORM LLC",
    "issuer_address": "376 DEMO ST EXAMPLE CITY ST 00000",
}
BANK = {
    "issuer_tin": "XX-XXX2694",
    "issuer_name": "DEMO BANK NA",
    "issuer_address": "582 EXAMPLE AVE SAMPLEVILLE ST 00000",
}
# Recipient SSN last 4 match TRT primary_ssn / interview taxpayerSSN (6230) and the spouse's
# (8721): rule 2 of DOMAIN 3.9 decides before the TaxpayerType field.
TAXPAYER = {
    "recipient_tin_last4": "6230",
    "recipient_name": "JANE G TESTCASE",
    "recipient_address": None,
    "person_type": "taxpayer",
    "person_type_basis": "2",
}
SPOUSE = {
    "recipient_tin_last4": "8721",
    "recipient_name": "JAMIE K TESTCASE",
    "recipient_address": None,
    "person_type": "spouse",
    "person_type_basis": "2",
}
NO_OVERRIDE = {"is_excluded": False, "exclusion_reason": None, "duplicate_of_line_no": None}


def nec_fields(amount):
    return {"Nonemployee compensation": amount, "Federal income tax withheld": "$0.00"}


def int_fields(amount):
    return {"Interest income": amount, "Federal income tax withheld": "$0.00"}


def w2_fields(wages, withheld):
    return {
        "Wages, tips, and other compensation": wages,
        "Social security wages": wages,
        "Medicare wages and tips": wages,
        "Federal income tax withheld": withheld,
    }


async def test_row_counts(case):
    counts = case.result.counts
    assert (
        counts.income_documents,
        counts.tax_years,
        counts.account_activity,
        counts.trt_records,
        counts.quarantined,
    ) == (10, 3, 28 + 4 + 23, 40, 0)  # AT transactions of 2021, 2022, 2023
    assert case.result.warnings == ()


async def test_2021_forms(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    assert documents[0:3] == [
        {
            "tax_year": 2021,
            "line_no": 0,
            "form_type": "W-2",
            # No top-level Income: the W-2 rule's income field "Wages, tips, and other
            # compensation" is summed from Fields ("$80,361.45").
            "gross_amount": Decimal("80361.45"),
            "federal_withholding": Decimal("4741.67"),  # JSON number 4741.67
            **BAKERY,
            **TAXPAYER,
            "source_category": "Non-SE",
            **W2_RULE,
            **NO_OVERRIDE,
            "fields": w2_fields("$80,361.45", "$4,741.67"),
            **case.lineage("wi", "/0"),
        },
        {
            "tax_year": 2021,
            "line_no": 1,
            "form_type": "1099-NEC",
            "gross_amount": Decimal("13861.17"),
            "federal_withholding": Decimal("0.00"),  # "$0.00": zero, not absent
            **PLATFORM,
            **SPOUSE,
            "source_category": "SE",
            **NEC_RULE,
            **NO_OVERRIDE,
            "fields": nec_fields("$13,861.17"),
            **case.lineage("wi", "/1"),
        },
        {
            "tax_year": 2021,
            "line_no": 2,
            "form_type": "1099-INT",
            "gross_amount": Decimal("344.09"),  # "344.09"
            "federal_withholding": Decimal("0.00"),
            **BANK,
            **TAXPAYER,
            "source_category": "Non-SE",
            **INT_RULE,
            **NO_OVERRIDE,
            "fields": int_fields("$344.09"),
            **case.lineage("wi", "/2"),
        },
    ]


async def test_2022_forms(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    assert documents[3:6] == [
        {
            "tax_year": 2022,
            "line_no": 3,
            "form_type": "W-2",  # printed "W2"
            "gross_amount": Decimal("74665.29"),  # from Fields, as line 0
            "federal_withholding": Decimal("9706.48"),  # "$9,706.48"
            **BAKERY,
            **TAXPAYER,
            "source_category": "Non-SE",
            **W2_RULE,
            **NO_OVERRIDE,
            "fields": w2_fields("$74,665.29", "$9,706.48"),
            **case.lineage("wi", "/3"),
        },
        {
            "tax_year": 2022,
            "line_no": 4,
            "form_type": "1099-NEC",
            "gross_amount": Decimal("13896.58"),
            "federal_withholding": Decimal("0.00"),  # JSON number 0.0
            **PLATFORM,
            **SPOUSE,
            "source_category": "SE",
            **NEC_RULE,
            **NO_OVERRIDE,
            "fields": nec_fields("$13,896.58"),
            **case.lineage("wi", "/4"),
        },
        {
            "tax_year": 2022,
            "line_no": 5,
            "form_type": "1099-INT",
            "gross_amount": Decimal("300.16"),
            "federal_withholding": Decimal("0.00"),
            **BANK,
            **TAXPAYER,
            "source_category": "Non-SE",
            **INT_RULE,
            **NO_OVERRIDE,
            "fields": int_fields("$300.16"),
            **case.lineage("wi", "/5"),
        },
    ]


async def test_2023_forms(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    assert documents[6:] == [
        {
            "tax_year": 2023,
            "line_no": 6,
            "form_type": "W-2",
            "gross_amount": Decimal("78414.16"),  # "$78,414.16"
            "federal_withholding": Decimal("3130.38"),
            **BAKERY,
            **TAXPAYER,
            "source_category": "Non-SE",
            **W2_RULE,
            **NO_OVERRIDE,
            "fields": w2_fields("$78,414.16", "$3,130.38"),
            **case.lineage("wi", "/6"),
        },
        {
            "tax_year": 2023,
            "line_no": 7,
            "form_type": "1099-NEC",  # printed "1099NEC"
            "gross_amount": Decimal("20599.79"),
            "federal_withholding": Decimal("0.00"),  # "0.00"
            **PLATFORM,
            **SPOUSE,
            "source_category": "SE",
            **NEC_RULE,
            **NO_OVERRIDE,
            "fields": nec_fields("$20,599.79"),
            **case.lineage("wi", "/7"),
        },
        {
            "tax_year": 2023,
            "line_no": 8,
            "form_type": "1099-INT",  # printed "1099 INT"
            "gross_amount": Decimal("445.70"),  # JSON number 445.7
            "federal_withholding": Decimal("0.00"),
            **BANK,
            **TAXPAYER,
            "source_category": "Non-SE",
            **INT_RULE,
            **NO_OVERRIDE,
            "fields": int_fields("$445.70"),
            **case.lineage("wi", "/8"),
        },
        {
            "tax_year": 2023,
            "line_no": 9,
            "form_type": "1099-R",
            "gross_amount": Decimal("11414.23"),
            "federal_withholding": Decimal("1141.42"),  # "1,141.42"
            "issuer_tin": "XX-XXX3639",
            "issuer_name": "PLACEHOLDER RETIREMENT PLAN",
            "issuer_address": "427 EXAMPLE AVE SAMPLEVILLE ST 00000",
            **TAXPAYER,
            "source_category": "Non-SE",
            **R_RULE,
            **NO_OVERRIDE,
            "fields": {
                "Gross distribution": "$11,414.23",
                "Taxable amount": "$11,414.23",
                "Distribution code": "7",
                "Federal income tax withheld": "$1,141.42",
            },
            **case.lineage("wi", "/9"),
        },
    ]


async def test_every_wi_year_is_marked_on_its_tax_year(pg_pool, case):
    years = await full_rows(pg_pool, "tax_years", case.case_id, "tax_year, owner")
    assert [(y["tax_year"], y["owner"], y["has_at"], y["has_wi"], y["has_trt"]) for y in years] == [
        (2021, "TP", True, True, True),
        (2022, "TP", True, True, True),
        (2023, "TP", True, True, True),
    ]
