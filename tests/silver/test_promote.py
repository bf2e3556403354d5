"""The Silver promotion against Postgres: current payloads in, replaced Silver rows out."""

import json
from decimal import Decimal

import pytest

from medallion.cases.queries import bronze_stats_and_layers
from medallion.silver.counts import SilverCounts
from medallion.silver.promote import silver_counts, unmapped
from medallion.silver.tables import SILVER_TABLES
from medallion.sources.names import SOURCES
from tests.silver.fixtures import AT_EXAMPLE, INTERVIEW_EXAMPLE, TRT_EXAMPLE, WI_EXAMPLE
from tests.silver.helpers import fragment_at, promote, put_payload, rows

TABLES = [t.name for t in SILVER_TABLES]

AT_RECORD = {
    "tax_year": "2021",
    "processing_date": "2024-03-04",
    "transactions": [
        {"code": "150", "date": "2022-05-16", "amount": "4,012.00"},
        {"code": "806", "date": "2022-04-15", "amount": "-1,200.00"},
    ],
}
WI_FORM = {"Form": "W-2", "Year": 2021, "Income": "52,400.00", "Withholding": 4980}
TRT_LINE = {"tax_period_ending": "Dec. 31, 2021", "sub_category": "Wages", "data": "$52,400.00"}


async def put(pg_pool, case_id, source, document, **kwargs):
    return await put_payload(pg_pool, case_id, source, document, **kwargs)


async def put_case(pg_pool, case_id):
    """The four documented example payloads."""
    return {
        source: await put(pg_pool, case_id, source, document)
        for source, document in (
            ("at", AT_EXAMPLE),
            ("wi", WI_EXAMPLE),
            ("trt", TRT_EXAMPLE),
            ("interview", INTERVIEW_EXAMPLE),
        )
    }


@pytest.mark.parametrize(
    "document",
    [
        {"at_records": [AT_RECORD]},
        {"records": [AT_RECORD]},
        {"data": [AT_RECORD]},
        {**AT_RECORD, "case_id": "1"},
        [AT_RECORD],
    ],
    ids=["at_records", "records", "data", "transactions", "array"],
)
async def test_every_at_wrapper_variant_promotes_the_same_rows(pg_pool, new_case_id, document):
    await put(pg_pool, new_case_id, "at", document)
    result = await promote(pg_pool, new_case_id)
    assert (result.counts.tax_years, result.counts.account_activity, result.counts.quarantined) == (
        1,
        2,
        0,
    )
    activity = await rows(
        pg_pool, "account_activity", new_case_id, "line_no", "irs_transaction_code, amount"
    )
    assert activity == [
        {"irs_transaction_code": "150", "amount": Decimal("4012.00")},
        {"irs_transaction_code": "806", "amount": Decimal("-1200.00")},
    ]


@pytest.mark.parametrize(
    "document",
    [
        {"years_data": {"2021": {"forms": [WI_FORM]}}},
        {"years_data": {"2021": [WI_FORM]}},
        {"forms": [WI_FORM]},
        {"wi_forms": [WI_FORM]},
        {"data": [WI_FORM]},
        {"documents": [WI_FORM]},
        {"income_documents": [WI_FORM]},
        [WI_FORM],
    ],
    ids=[
        "years_data",
        "years_data_array",
        "forms",
        "wi_forms",
        "data",
        "documents",
        "income_documents",
        "array",
    ],
)
async def test_every_wi_wrapper_variant_promotes_the_same_rows(pg_pool, new_case_id, document):
    await put(pg_pool, new_case_id, "wi", document)
    result = await promote(pg_pool, new_case_id)
    assert (result.counts.income_documents, result.counts.tax_years, result.counts.quarantined) == (
        1,
        1,
        0,
    )
    [row] = await rows(
        pg_pool,
        "income_documents",
        new_case_id,
        "line_no",
        "tax_year, form_type, gross_amount, federal_withholding",
    )
    assert row == {
        "tax_year": 2021,
        "form_type": "W-2",
        "gross_amount": Decimal("52400.00"),
        "federal_withholding": Decimal("4980.00"),
    }


@pytest.mark.parametrize(
    "document",
    [
        {"records": [TRT_LINE]},
        {"trt_records": [TRT_LINE]},
        {"data": [TRT_LINE]},
        {"documents": [TRT_LINE]},
        [TRT_LINE],
    ],
    ids=["records", "trt_records", "data", "documents", "array"],
)
async def test_every_trt_wrapper_variant_promotes_the_same_rows(pg_pool, new_case_id, document):
    await put(pg_pool, new_case_id, "trt", document)
    result = await promote(pg_pool, new_case_id)
    assert (result.counts.trt_records, result.counts.tax_years) == (1, 1)
    [row] = await rows(
        pg_pool, "trt_records", new_case_id, "line_no", "tax_year, numeric_value, value_kind"
    )
    assert row == {"tax_year": 2021, "numeric_value": Decimal("52400.00"), "value_kind": "money"}


async def test_the_documented_case_fills_every_table(pg_pool, new_case_id):
    await put_case(pg_pool, new_case_id)
    result = await promote(pg_pool, new_case_id)
    assert result.counts == SilverCounts(
        tax_years=1,
        account_activity=5,
        income_documents=2,
        trt_records=2,
        interview_snapshot=1,
        interview_bank_accounts=2,
        interview_vehicles=1,
        interview_real_property=0,
        interview_other_expenses=1,
        csed_tolling_events=1,  # the TC 150 assessment; the CDP-rights notice opens nothing
        quarantined=0,
    )
    assert result.rules_version == "2025.1"
    assert result.warnings == ()
    async with pg_pool.acquire() as conn:
        assert await silver_counts(conn, new_case_id) == result.counts
    [year] = await rows(pg_pool, "tax_years", new_case_id, "tax_year")
    assert (year["has_at"], year["has_wi"], year["has_trt"], year["filing_status"]) == (
        True,
        True,
        True,
        "MFJ",
    )
    documents = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "person_type, person_type_basis"
    )
    # The TRT and interview SSNs decide before the taxpayer-type field does.
    assert documents == [
        {"person_type": "taxpayer", "person_type_basis": "2"},
        {"person_type": "spouse", "person_type_basis": "2"},
    ]


async def test_promoting_twice_gives_identical_rows(pg_pool, new_case_id):
    await put_case(pg_pool, new_case_id)
    await put(pg_pool, new_case_id, "at", {"at_records": [AT_RECORD, {"tax_year": None}]})
    await promote(pg_pool, new_case_id)
    first = {table: await rows(pg_pool, table, new_case_id, "source_path") for table in TABLES}
    await promote(pg_pool, new_case_id)
    second = {table: await rows(pg_pool, table, new_case_id, "source_path") for table in TABLES}
    for table_rows in (first["silver_quarantine"], second["silver_quarantine"]):
        for row in table_rows:  # generated per insert
            del row["quarantine_id"], row["created_at"]
    assert first == second
    assert len(first["silver_quarantine"]) == 1


async def test_a_bad_record_is_quarantined_while_the_rest_flows(pg_pool, new_case_id):
    bad_transaction = {"code": "150", "date": "someday", "amount": 1, "ssn": "123-45-6789"}
    document = {
        "at_records": [{**AT_RECORD, "transactions": [*AT_RECORD["transactions"], bad_transaction]}]
    }
    bronze_id = await put(pg_pool, new_case_id, "at", document)
    result = await promote(pg_pool, new_case_id)
    assert (result.counts.account_activity, result.counts.quarantined) == (2, 1)
    [quarantined] = await rows(pg_pool, "silver_quarantine", new_case_id, "source_path")
    assert quarantined["source"] == "at"
    assert quarantined["bronze_id"] == bronze_id
    assert quarantined["source_path"] == "/at_records/0/transactions/2"
    assert quarantined["reason_code"] == "bad_date"
    assert quarantined["detail"] == "AT transaction (2021): date is in no accepted format"
    assert "someday" in quarantined["raw_fragment"]  # the value stays in the raw fragment
    assert json.loads(quarantined["raw_fragment"]) == {
        "code": "150",
        "date": "someday",
        "amount": 1,
        "ssn": "XXX-XX-6789",
    }


async def test_an_unknown_wrapper_quarantines_the_payload_and_other_sources_flow(
    pg_pool, new_case_id
):
    await put(pg_pool, new_case_id, "at", {"case_id": new_case_id, "transcripts": []})
    await put(pg_pool, new_case_id, "wi", WI_EXAMPLE)
    result = await promote(pg_pool, new_case_id)
    assert (result.counts.quarantined, result.counts.income_documents, result.counts.tax_years) == (
        1,
        2,
        1,
    )
    [quarantined] = await rows(
        pg_pool, "silver_quarantine", new_case_id, "source_path", "reason_code, source_path"
    )
    assert quarantined == {"reason_code": "unknown_wrapper", "source_path": ""}


async def test_only_the_current_payload_feeds_silver(pg_pool, new_case_id):
    old = await put(pg_pool, new_case_id, "at", {"at_records": [AT_RECORD]})
    newer_record = {**AT_RECORD, "tax_year": "2022", "transactions": AT_RECORD["transactions"][:1]}
    new = await put(pg_pool, new_case_id, "at", {"at_records": [newer_record]})
    await promote(pg_pool, new_case_id)
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, bronze_id")
    assert years == [{"tax_year": 2022, "bronze_id": new}]
    assert len(await rows(pg_pool, "account_activity", new_case_id, "line_no")) == 1

    # The old payload comes back (a duplicate fetch): it is current again, and replaces the rows.
    assert await put(pg_pool, new_case_id, "at", {"at_records": [AT_RECORD]}) == old
    await promote(pg_pool, new_case_id)
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, bronze_id")
    assert years == [{"tax_year": 2021, "bronze_id": old}]
    assert len(await rows(pg_pool, "account_activity", new_case_id, "line_no")) == 2


async def test_lineage_resolves_to_the_fragment_each_row_came_from(pg_pool, new_case_id):
    await put_case(pg_pool, new_case_id)
    await put(pg_pool, new_case_id, "trt", {"records": [TRT_LINE, {"data": "orphan"}]})
    await promote(pg_pool, new_case_id)

    async def fragments(table, columns):
        found = await rows(
            pg_pool, table, new_case_id, "source_path", f"bronze_id, source_path, {columns}"
        )
        assert found, table
        return [
            (row, await fragment_at(pg_pool, row["bronze_id"], row["source_path"])) for row in found
        ]

    for row, fragment in await fragments("tax_years", "tax_year"):
        assert fragment["tax_year"] == str(row["tax_year"])
    for row, fragment in await fragments("account_activity", "irs_transaction_code, activity_date"):
        assert fragment["code"] == row["irs_transaction_code"]
        assert fragment["date"] == row["activity_date"].strftime("%m-%d-%Y")
    for row, fragment in await fragments("income_documents", "form_type, issuer_name"):
        assert (fragment["Form"], fragment["Issuer"]["Name"]) == (
            row["form_type"],
            row["issuer_name"],
        )
    for row, fragment in await fragments("trt_records", "raw_value"):
        assert fragment["data"] == row["raw_value"]
    for row, fragment in await fragments("interview_snapshot", "tp_employer"):
        assert fragment["employment"]["clientEmployer"] == row["tp_employer"]
    for row, fragment in await fragments("interview_bank_accounts", "institution_name"):
        assert fragment["fullName"] == row["institution_name"]
    for row, fragment in await fragments("interview_vehicles", "make"):
        assert fragment["make"] == row["make"]
    for row, fragment in await fragments("interview_other_expenses", "name"):
        assert fragment["name"] == row["name"]
    for row, fragment in await fragments("silver_quarantine", "reason_code"):
        assert (row["reason_code"], fragment) == ("missing_tax_year", {"data": "orphan"})


async def test_a_changed_payload_replaces_the_previous_rows(pg_pool, new_case_id):
    await put_case(pg_pool, new_case_id)
    await promote(pg_pool, new_case_id)
    await put(pg_pool, new_case_id, "interview", {"employment": {"clientEmployer": "NEW CO"}})
    result = await promote(pg_pool, new_case_id)
    assert (
        result.counts.interview_bank_accounts,
        result.counts.interview_vehicles,
        result.counts.interview_other_expenses,
    ) == (0, 0, 0)
    [snapshot] = await rows(
        pg_pool, "interview_snapshot", new_case_id, "case_id", "tp_employer, cash_on_hand"
    )
    assert snapshot == {"tp_employer": "NEW CO", "cash_on_hand": None}


async def test_empty_payloads_give_no_rows_and_no_quarantine(pg_pool, new_case_id):
    await put(pg_pool, new_case_id, "at", {"at_records": []}, kind="empty")
    await put(pg_pool, new_case_id, "interview", {}, kind="empty")
    result = await promote(pg_pool, new_case_id)
    async with pg_pool.acquire() as conn:
        assert await silver_counts(conn, new_case_id) == SilverCounts()
    assert result.counts.quarantined == 0


async def test_unmapped_codes_and_forms_are_listed(pg_pool, new_case_id):
    transactions = [
        {"code": "922", "date": "2023-01-01", "amount": 0},
        {"code": "430", "date": "2023-01-02", "amount": 0},
        {"code": "922", "date": "2023-01-03", "amount": 0},
        {"code": "150", "date": "2023-01-04", "amount": 10},
    ]
    await put(
        pg_pool,
        new_case_id,
        "at",
        {"at_records": [{"tax_year": 2022, "transactions": transactions}]},
    )
    await put(
        pg_pool,
        new_case_id,
        "wi",
        {"forms": [{"Form": "1098-T", "year": 2022}, {"Form": "w2", "year": 2022}]},
    )
    await promote(pg_pool, new_case_id)
    async with pg_pool.acquire() as conn:
        assert await unmapped(conn, new_case_id) == (["430", "922"], ["1098-T"])
        # The status report's read.
        _, layers = await bronze_stats_and_layers(conn, new_case_id, SOURCES, None)
        assert (layers.unmapped_codes, layers.unmapped_forms) == (["430", "922"], ["1098-T"])
        assert layers.silver == await silver_counts(conn, new_case_id)
        assert layers.silver.account_activity == 4


async def test_analyst_overrides_survive_rebuilds(pg_pool, new_case_id):
    await put(pg_pool, new_case_id, "wi", WI_EXAMPLE)
    async with pg_pool.acquire() as conn:
        await conn.execute(
            """
            INSERT INTO income_document_overrides (case_id, tax_year, form_type, issuer_tin,
                recipient_tin_last4, gross_amount, is_excluded, exclusion_reason, set_by)
            VALUES ($1, 2021, '1099-NEC', 'XX-XXX9876', '5678', 8300.00,
                    true, 'reported twice', 'analyst')
            """,
            new_case_id,
        )
    await promote(pg_pool, new_case_id)
    await promote(pg_pool, new_case_id)
    documents = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "is_excluded, exclusion_reason"
    )
    assert documents == [
        {"is_excluded": False, "exclusion_reason": None},
        {"is_excluded": True, "exclusion_reason": "reported twice"},
    ]


async def test_decimals_are_exact_through_jsonb(pg_pool, new_case_id):
    text = (
        '{"forms": [{"Form": "W-2", "year": 2021, "Income": 0.1,'
        ' "Fields": {"Box 1": 1234567890.125}}]}'
    )
    await put(pg_pool, new_case_id, "wi", text)
    await promote(pg_pool, new_case_id)
    [row] = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "gross_amount, fields::text AS fields"
    )
    assert row == {"gross_amount": Decimal("0.10"), "fields": '{"Box 1": 1234567890.125}'}


async def test_cases_do_not_see_each_other(pg_pool, new_case_id):
    other = str(int(new_case_id) + 1)
    await put_case(pg_pool, new_case_id)
    await put(pg_pool, other, "wi", {"forms": [WI_FORM]})
    await promote(pg_pool, new_case_id)
    await promote(pg_pool, other)
    await promote(pg_pool, new_case_id)
    async with pg_pool.acquire() as conn:
        assert (await silver_counts(conn, other)).income_documents == 1
        assert (await silver_counts(conn, new_case_id)).income_documents == 2
        assert (await silver_counts(conn, other)).account_activity == 0
