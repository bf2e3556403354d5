"""Golden rows for sandbox case 901004: the AT payload is the single-year form (the top-level
object is the 2023 record, its transactions under top-level `transactions`), beside WI and TRT
for 2021–2023. Every expected value is read off the payload by hand and typed per DOMAIN 3.1–3.6.
"""

from datetime import date
from decimal import Decimal

import pytest_asyncio

from tests.silver.helpers import PromotedCase, full_rows, promote_sandbox_case


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def case(pg_pool) -> PromotedCase:
    return await promote_sandbox_case(pg_pool, "901004")


def rule_flags(transaction_type, balance, csed, starts, sign):
    """The seeded rule columns of a code (DOMAIN 3.5); collection is false for all codes here."""
    return {
        "transaction_type": transaction_type,
        "affects_balance": balance,
        "affects_csed": csed,
        "starts_csed": starts,
        "csed_toll_days": 0,
        "indicates_collection_action": False,
        "balance_sign": sign,
        "rule_matched": True,
    }


async def test_row_counts(case):
    counts = case.result.counts
    assert (
        counts.tax_years,
        counts.account_activity,
        counts.income_documents,
        counts.trt_records,
        counts.interview_snapshot,
        counts.csed_tolling_events,
        counts.quarantined,
    ) == (3, 5, 9, 39, 1, 1, 0)
    assert case.result.warnings == ()


async def test_the_top_level_record_is_the_2023_tax_year(pg_pool, case):
    years = await full_rows(pg_pool, "tax_years", case.case_id, "tax_year, owner")
    assert years[2] == {
        "tax_year": 2023,
        "owner": "TP",
        "owner_raw": "TP",
        "source_file": "AT 23.pdf",
        "filing_status": "MFJ",  # "Married Filing Jointly"
        "return_filed": True,
        "return_filed_date": date(2024, 4, 14),  # "04/14/2024"
        "agi": Decimal("83900.54"),  # JSON number 83900.54
        "taxable_income": Decimal("58000.54"),
        "tax_per_return": Decimal("8373.88"),  # "$8,373.88"
        "total_tax": Decimal("8373.88"),
        "account_balance": Decimal("0.00"),  # "0.00": a zero, not a blank
        "accrued_interest": Decimal("0.00"),
        "accrued_penalty": Decimal("0.00"),  # JSON number 0.0
        "total_balance": Decimal("0.00"),
        "processing_date": date(2025, 1, 22),  # "01/22/2025"
        "has_at": True,
        "has_wi": True,
        "has_trt": True,
        **case.lineage("at", ""),  # the record is the payload itself
    }


async def test_years_known_only_from_wi_and_trt_have_null_at_fields(pg_pool, case):
    years = await full_rows(pg_pool, "tax_years", case.case_id, "tax_year, owner")
    no_at_fields = dict.fromkeys(
        [
            "owner_raw",
            "source_file",
            "return_filed",
            "return_filed_date",
            "agi",
            "taxable_income",
            "tax_per_return",
            "total_tax",
            "account_balance",
            "accrued_interest",
            "accrued_penalty",
            "total_balance",
            "processing_date",
        ]
    )
    # years_data keys are read in ascending order: 2021's forms are lines 0-2, 2022's 3-5.
    assert years[:2] == [
        {
            "tax_year": 2021,
            "owner": "TP",
            **no_at_fields,
            "filing_status": "MFJ",  # the TRT "Filing status" line of 2021
            "has_at": False,
            "has_wi": True,
            "has_trt": True,
            **case.lineage("wi", "/years_data/2021/forms/0"),
        },
        {
            "tax_year": 2022,
            "owner": "TP",
            **no_at_fields,
            "filing_status": "MFJ",
            "has_at": False,
            "has_wi": True,
            "has_trt": True,
            **case.lineage("wi", "/years_data/2022/forms/0"),
        },
    ]


async def test_every_transaction_of_the_single_year_form(pg_pool, case):
    activity = await full_rows(pg_pool, "account_activity", case.case_id, "line_no")
    common = {"tax_year": 2023, "owner": "TP", "amount_sign_inferred": False}
    assert activity == [
        {
            **common,
            "line_no": 0,
            "irs_transaction_code": "610",
            "activity_date": date(2024, 4, 14),  # "04/14/2024"
            "amount": Decimal("-565.56"),  # "-$565.56"
            "explanation": "Payment with return",
            "balance_after": Decimal("-565.56"),  # "$-565.56"
            **rule_flags("payment", True, False, False, -1),
            **case.lineage("at", "/transactions/0"),
        },
        {
            **common,
            "line_no": 1,
            "irs_transaction_code": "806",
            "activity_date": date(2024, 4, 15),  # "Apr. 15, 2024"
            "amount": Decimal("-9586.14"),  # "$-9,586.14"
            "explanation": "W-2 or 1099 withholding",
            "balance_after": Decimal("-10151.70"),  # "(10,151.70)"
            **rule_flags("withholding", True, False, False, -1),
            **case.lineage("at", "/transactions/1"),
        },
        {
            **common,
            "line_no": 2,
            "irs_transaction_code": "150",
            "activity_date": date(2024, 5, 22),
            "amount": Decimal("8373.88"),  # "$8,373.88"
            "explanation": "Tax return filed",
            "balance_after": Decimal("-1777.82"),  # "(1,777.82)"
            **rule_flags("return_filed", True, True, True, 1),
            **case.lineage("at", "/transactions/2"),
        },
        {
            **common,
            "line_no": 3,
            "irs_transaction_code": "766",
            "activity_date": date(2024, 5, 22),
            "amount": Decimal("-498.30"),  # "(498.30)"
            "explanation": "Credit to your account",
            "balance_after": Decimal("-2276.12"),
            **rule_flags("credit", True, False, False, -1),
            **case.lineage("at", "/transactions/3"),
        },
        {
            **common,
            "line_no": 4,
            "irs_transaction_code": "846",
            "activity_date": date(2024, 6, 5),
            "amount": Decimal("2276.12"),  # JSON number 2276.12
            "explanation": "Refund issued",
            "balance_after": Decimal("0.00"),  # "$0.00"
            **rule_flags("refund_check", True, False, False, 1),
            **case.lineage("at", "/transactions/4"),
        },
    ]


async def test_the_return_assessment_is_the_only_csed_event(pg_pool, case):
    [event] = await full_rows(pg_pool, "csed_tolling_events", case.case_id, "event_no")
    assert event == {
        "tax_year": 2023,
        "owner": "TP",
        "origin": "transcript",
        "event_no": 0,
        "event_type": "assessment",
        "rule_id": "base_csed",
        "start_code": "150",
        "start_date": date(2024, 5, 22),
        "start_line_no": 2,
        "end_code": None,
        "end_date": None,
        "end_line_no": None,
        "is_open": False,
        "interval_days": None,
        "additional_toll_days": None,
        "total_toll_days": None,
        "assessed_amount": Decimal("8373.88"),
        "manual_event_id": None,
        **case.lineage("at", "/transactions/2"),
    }
