"""Golden rows for sandbox case 907001, the data-quality hazard case: AT owner `E` on the 2020
record, codes printed `TC 150` and `971 AC 043`, blank 971 amounts, an unmapped code 166; in WI a
W-2C correcting the 2020 W-2, a 2023 W-2 reported twice, and a 1099-INT printed `Year: "2022"`
under the `years_data` key 2023. Every expected value is read off the payload by hand and typed
per DOMAIN 3 and 6.
"""

from datetime import date
from decimal import Decimal

import pytest_asyncio

from tests.silver.helpers import PromotedCase, full_rows, promote_sandbox_case, silver_warning


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def case(pg_pool) -> PromotedCase:
    return await promote_sandbox_case(pg_pool, "907001")


async def test_row_counts(case):
    counts = case.result.counts
    assert (
        counts.tax_years,
        counts.account_activity,
        counts.income_documents,
        counts.trt_records,
        counts.csed_tolling_events,
        counts.quarantined,
    ) == (4, 38 + 27 + 26 + 31, 5 + 3 + 3 + 4, 14 + 13 + 13 + 13, 5, 0)


async def test_the_two_hazards_that_warn_are_reported(case):
    assert set(case.result.warnings) == {
        silver_warning(
            "owner_unrecognised", "at", 2020, "/at_records/0: owner not recognised; read as TP"
        ),
        silver_warning(
            "year_mismatch",
            "wi",
            2023,
            "/years_data/2023/forms/2: form Year differs from its years_data key; the key is used",
        ),
    }


async def test_owner_e_is_read_as_the_taxpayer_and_kept_raw(pg_pool, case):
    years = await full_rows(pg_pool, "tax_years", case.case_id, "tax_year, owner")
    assert [(y["tax_year"], y["owner"], y["owner_raw"]) for y in years] == [
        (2020, "TP", "E"),
        (2021, "TP", "TP"),
        (2022, "TP", "TP"),
        (2023, "TP", "TP"),
    ]
    assert years[0] == {
        "tax_year": 2020,
        "owner": "TP",
        "owner_raw": "E",
        "source_file": "AT 20.pdf",
        "filing_status": "MFJ",  # "married filing joint"
        "return_filed": True,
        "return_filed_date": date(2021, 7, 20),
        "agi": Decimal("103509.23"),  # "103,509.23"
        "taxable_income": Decimal("77609.23"),
        "tax_per_return": Decimal("11399.18"),
        "total_tax": Decimal("11399.18"),  # "11,399.18"
        "account_balance": Decimal("3481.01"),
        "accrued_interest": Decimal("139.24"),  # "$139.24"
        "accrued_penalty": Decimal("69.62"),  # "69.62"
        "total_balance": Decimal("3689.87"),
        "processing_date": date(2025, 3, 15),
        "has_at": True,
        "has_wi": True,
        "has_trt": True,
        **case.lineage("at", "/at_records/0"),
    }


async def test_printed_codes_blank_amounts_and_an_unmapped_code(pg_pool, case):
    activity = await full_rows(pg_pool, "account_activity", case.case_id, "tax_year, line_no")
    of_2020 = {row["line_no"]: row for row in activity if row["tax_year"] == 2020}
    common = {"tax_year": 2020, "owner": "TP", "amount_sign_inferred": False}
    assert [of_2020[2], of_2020[3], of_2020[10], of_2020[12]] == [
        {
            **common,
            "line_no": 2,
            "irs_transaction_code": "150",  # printed "TC 150"
            "activity_date": date(2021, 8, 23),  # "08-23-2021"
            "amount": Decimal("11399.18"),
            "explanation": "Tax return filed",
            "balance_after": Decimal("7720.79"),
            "transaction_type": "return_filed",
            "affects_balance": True,
            "affects_csed": True,
            "starts_csed": True,
            "csed_toll_days": 0,
            "indicates_collection_action": False,
            "balance_sign": 1,
            "rule_matched": True,
            **case.lineage("at", "/at_records/0/transactions/2"),
        },
        {
            **common,
            "line_no": 3,
            "irs_transaction_code": "166",  # no rule: flows unmatched (hazard 17)
            "activity_date": date(2021, 8, 23),
            "amount": Decimal("569.95"),
            "explanation": "Penalty for filing tax return after the due date",
            "balance_after": Decimal("8290.74"),
            "transaction_type": "unknown",
            "affects_balance": False,
            "affects_csed": False,
            "starts_csed": False,
            "csed_toll_days": None,
            "indicates_collection_action": False,
            "balance_sign": None,
            "rule_matched": False,
            **case.lineage("at", "/at_records/0/transactions/3"),
        },
        {
            **common,
            "line_no": 10,
            "irs_transaction_code": "971",  # printed "971 AC 043"
            "activity_date": date(2022, 4, 12),
            "amount": None,  # printed "": blank is null, never 0
            "explanation": "Issued notice of intent to levy / CDP rights",
            "balance_after": Decimal("7618.68"),
            "transaction_type": "collection_notice",
            "affects_balance": False,
            "affects_csed": True,
            "starts_csed": False,
            "csed_toll_days": 0,
            "indicates_collection_action": True,  # the explanation names a levy
            "balance_sign": 0,
            "rule_matched": True,
            **case.lineage("at", "/at_records/0/transactions/10"),
        },
        {
            **common,
            "line_no": 12,
            "irs_transaction_code": "360",
            "activity_date": date(2022, 5, 22),
            "amount": Decimal("225.00"),  # "225.00"
            "explanation": "Fees and other expenses for collection",
            "balance_after": Decimal("7630.76"),
            "transaction_type": "fee",  # corrected seed: fees, not "installment agreement"
            "affects_balance": True,
            "affects_csed": False,
            "starts_csed": False,
            "csed_toll_days": 0,
            "indicates_collection_action": False,
            "balance_sign": 1,
            "rule_matched": True,
            **case.lineage("at", "/at_records/0/transactions/12"),
        },
    ]


FREIGHT = {
    "issuer_tin": "XX-XXX6610",
    "issuer_name": "FICTIONAL FREIGHT LLC",
    "issuer_address": "150 PLACEHOLDER LN SAMPLEVILLE ST 00000",
}
# "XXX-XX-1250" matches the TRT primary_ssn and the interview's "000-00-1250" by last 4 only.
TAXPAYER = {
    "recipient_tin_last4": "1250",
    "recipient_name": "MORGAN E FICTIVE",
    "recipient_address": None,
    "person_type": "taxpayer",
    "person_type_basis": "2",
}
W2_RULE = {
    "category": "Non-SE",
    "is_self_employment": False,
    "affects_resolution_options": False,
    "resolution_income_asset": "Income",
    "rule_matched": True,
}
NOT_EXCLUDED = {"is_excluded": False, "exclusion_reason": None}


def w2_fields(wages, withheld):
    return {
        "Wages, tips, and other compensation": wages,
        "Social security wages": wages,
        "Medicare wages and tips": wages,
        "Federal income tax withheld": withheld,
    }


async def test_the_w2c_replaces_the_2020_w2(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    # years_data keys ascending: 2020's five forms are lines 0-4.
    assert [documents[0], documents[4]] == [
        {
            "tax_year": 2020,
            "line_no": 0,
            "form_type": "W-2",  # printed "w-2"
            "gross_amount": Decimal("74665.02"),  # "74,665.02"
            "federal_withholding": Decimal("3569.98"),
            **FREIGHT,
            **TAXPAYER,
            "source_category": "Non-SE",
            **W2_RULE,
            "include_in_projection": False,
            **NOT_EXCLUDED,
            "duplicate_of_line_no": 4,  # the W-2C of the same year, issuer and recipient
            "fields": w2_fields("$74,665.02", "$3,569.98"),
            **case.lineage("wi", "/years_data/2020/forms/0"),
        },
        {
            "tax_year": 2020,
            "line_no": 4,
            "form_type": "W-2C",  # printed "W2C"
            "gross_amount": Decimal("75915.02"),
            "federal_withholding": Decimal("3569.98"),  # "$3,569.98"
            **FREIGHT,
            **TAXPAYER,
            "source_category": "Non-SE",
            **W2_RULE,
            "include_in_projection": True,
            **NOT_EXCLUDED,
            "duplicate_of_line_no": None,
            "fields": w2_fields("$75,915.02", "$3,569.98"),
            **case.lineage("wi", "/years_data/2020/forms/4"),
        },
    ]


async def test_the_2023_w2_reported_twice_is_flagged_on_its_repeat(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    first, repeat = documents[11], documents[14]
    assert first == {
        "tax_year": 2023,
        "line_no": 11,
        "form_type": "W-2",  # printed "w-2"
        "gross_amount": Decimal("88642.98"),  # "$88,642.98"
        "federal_withholding": Decimal("2188.69"),
        **FREIGHT,
        **TAXPAYER,
        "source_category": "Non-SE",
        **W2_RULE,
        "include_in_projection": True,
        **NOT_EXCLUDED,
        "duplicate_of_line_no": None,
        "fields": w2_fields("$88,642.98", "$2,188.69"),
        **case.lineage("wi", "/years_data/2023/forms/0"),
    }
    # The same form printed "88,642.98": equal once typed, so a repeat of line 11.
    assert repeat == {
        **first,
        "line_no": 14,
        "include_in_projection": False,
        "duplicate_of_line_no": 11,
        **case.lineage("wi", "/years_data/2023/forms/3"),
    }


async def test_the_years_data_key_decides_the_1099_int_year(pg_pool, case):
    documents = await full_rows(pg_pool, "income_documents", case.case_id, "line_no")
    assert documents[13] == {
        "tax_year": 2023,  # key "2023", although the form says "Year": "2022"
        "line_no": 13,
        "form_type": "1099-INT",
        "gross_amount": Decimal("284.78"),
        "federal_withholding": Decimal("0.00"),
        "issuer_tin": "XX-XXX9036",
        "issuer_name": "DEMO BANK NA",
        "issuer_address": "943 EXAMPLE AVE ANYTOWN ST 00000",
        **TAXPAYER,
        "source_category": "Non-SE",
        **W2_RULE,
        "resolution_income_asset": "Asset",
        "include_in_projection": True,
        **NOT_EXCLUDED,
        "duplicate_of_line_no": None,
        "fields": {"Interest income": "$284.78", "Federal income tax withheld": "$0.00"},
        **case.lineage("wi", "/years_data/2023/forms/2"),
    }


async def test_the_2022_bankruptcy_interval_adds_six_calendar_months(pg_pool, case):
    events = await full_rows(pg_pool, "csed_tolling_events", case.case_id, "tax_year, event_no")
    of_2022 = [event for event in events if event["tax_year"] == 2022]
    no_interval = {"end_code": None, "end_date": None, "end_line_no": None, "is_open": False}
    assert of_2022 == [
        {
            "tax_year": 2022,
            "owner": "TP",
            "origin": "transcript",
            "event_no": 0,
            "event_type": "assessment",
            "rule_id": "base_csed",
            "start_code": "150",  # printed "TC 150"
            "start_date": date(2023, 5, 12),
            "start_line_no": 1,
            **no_interval,
            "interval_days": None,
            "additional_toll_days": None,
            "total_toll_days": None,
            "assessed_amount": Decimal("12419.62"),
            "manual_event_id": None,
            **case.lineage("at", "/at_records/2/transactions/1"),
        },
        {
            "tax_year": 2022,
            "owner": "TP",
            "origin": "transcript",
            "event_no": 1,
            "event_type": "bankruptcy",
            "rule_id": "bankruptcy",
            "start_code": "520",
            "start_date": date(2024, 3, 24),
            "start_line_no": 14,
            "end_code": "521",
            "end_date": date(2024, 11, 24),
            "end_line_no": 22,
            "is_open": False,
            "interval_days": 245,  # 2024-03-24 → 2024-11-24
            "additional_toll_days": 181,  # 2024-11-24 → 2025-05-24
            "total_toll_days": 426,
            "assessed_amount": None,
            "manual_event_id": None,
            **case.lineage("at", "/at_records/2/transactions/14"),
        },
    ]
    # Levy and lien notices that only mention CDP rights open no interval; penalties never toll.
    assert [(e["tax_year"], e["event_type"]) for e in events] == [
        (2020, "assessment"),
        (2021, "assessment"),
        (2022, "assessment"),
        (2022, "bankruptcy"),
        (2023, "assessment"),
    ]
