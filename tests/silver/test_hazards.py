"""One test per data-quality hazard of DOMAIN 6 that Silver owns, through a real promotion.

Payloads are small and invented; every expected value is worked out from DOMAIN 3 by hand.
Hazards of Bronze, the sources, the workflow and Gold are tested where they live.
"""

from datetime import date
from decimal import Decimal

from medallion.silver.promote import unmapped
from medallion.silver.tables import SILVER_TABLES
from tests.silver.helpers import (
    full_rows,
    promote,
    put_payload,
    put_sandbox_payloads,
    rows,
    silver_warning,
)

TABLES = [t.name for t in SILVER_TABLES]


async def promoted(pg_pool, case_id, **payloads):
    for source, document in payloads.items():
        await put_payload(pg_pool, case_id, source, document)
    return await promote(pg_pool, case_id)


async def quarantined(pg_pool, case_id):
    """(source, source_path, reason_code, detail) of each quarantined record."""
    columns = "source, source_path, reason_code, detail"
    found = await rows(pg_pool, "silver_quarantine", case_id, "source, source_path", columns)
    return [tuple(row.values()) for row in found]


async def test_hazard_01_records_are_found_by_wrapper_precedence_and_an_unknown_one_is_quarantined(
    pg_pool, new_case_id
):
    result = await promoted(
        pg_pool,
        new_case_id,
        # `at_records` comes before `records`: the 2019 record is never read.
        at={"at_records": [{"tax_year": 2021}], "records": [{"tax_year": 2019}]},
        wi={"case_id": new_case_id, "results": [{"Form": "W-2", "Year": 2021}]},
        trt=[{"tax_period_ending": "Dec. 31, 2020", "data": "$1.00"}],
    )
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, has_at, has_trt")
    assert [tuple(y.values()) for y in years] == [(2020, False, True), (2021, True, False)]
    assert await quarantined(pg_pool, new_case_id) == [
        (
            "wi",
            "",
            "unknown_wrapper",
            "WI payload has no known record wrapper (top-level keys: case_id, results)",
        )
    ]
    assert (result.counts.income_documents, result.counts.trt_records) == (0, 1)


async def test_hazard_02_field_name_variants_resolve_and_differing_aliases_warn(
    pg_pool, new_case_id
):
    record = {
        "taxYear": "2021",
        "Tax_Year": "1999",  # not an alias: aliases are matched exactly
        "FilingStatus": "Single",
        "agi": "50,000.00",
        "AGI": "51,000.00",  # differs from `agi`, which comes first
        "total_balance": "1,000.00",
        "totalBalance": 1000,  # the same amount spelled otherwise: no conflict
        "activity": [{"Code": "150", "Date": "2022-04-15", "Amount": "1,000.00"}],
    }
    line = {"Tax Period Ending": "Dec. 31, 2021", "Sub Category": "Wages", "Data": "$5.00"}
    result = await promoted(
        pg_pool, new_case_id, at={"at_records": [record]}, trt={"records": [line]}
    )
    [year] = await rows(
        pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, filing_status, agi, total_balance"
    )
    assert year == {
        "tax_year": 2021,
        "filing_status": "SINGLE",
        "agi": Decimal("50000.00"),
        "total_balance": Decimal("1000.00"),
    }
    [activity] = await rows(
        pg_pool, "account_activity", new_case_id, "line_no", "irs_transaction_code, amount"
    )
    assert activity == {"irs_transaction_code": "150", "amount": Decimal("1000.00")}
    [trt] = await rows(pg_pool, "trt_records", new_case_id, "line_no", "sub_category, raw_value")
    assert trt == {"sub_category": "Wages", "raw_value": "$5.00"}
    conflict = "/at_records/0: agi differs between agi and AGI; agi used"
    assert result.warnings == (silver_warning("alias_conflict", "at", 2021, conflict),)


async def test_hazard_03_a_record_without_a_tax_year_is_quarantined_never_given_a_default(
    pg_pool, new_case_id
):
    result = await promoted(
        pg_pool,
        new_case_id,
        at={
            "at_records": [
                {"transactions": [{"code": "150", "date": "2023-04-15", "amount": 100}]},
                {"tax_year": 2022},
            ]
        },
        wi={"forms": [{"Form": "W-2", "Income": 100}]},
        trt={"records": [{"sub_category": "Wages", "data": "$1.00"}]},
    )
    assert await quarantined(pg_pool, new_case_id) == [
        ("at", "/at_records/0", "missing_tax_year", "AT record has no tax year"),
        ("trt", "/records/0", "missing_tax_year", "TRT line has no tax period ending or year"),
        ("wi", "/forms/0", "missing_tax_year", "WI form has no tax year"),
    ]
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year")
    assert years == [{"tax_year": 2022}]
    counts = result.counts
    assert (counts.account_activity, counts.income_documents, counts.trt_records) == (0, 0, 0)


async def test_hazard_04_a_year_is_one_four_digit_token_a_yyyymm_period_or_a_dates_year(
    pg_pool, new_case_id
):
    await promoted(
        pg_pool,
        new_case_id,
        at={
            "at_records": [
                {"period": "202112"},
                {"tax_year": "21", "source_file": "AT 21.pdf"},  # two digits: no year
                {"source_file": "AT 20.pdf"},  # a file name never gives the year
                {"tax_year": "1899"},
            ]
        },
        trt={
            "records": [
                {"tax_year": "12/31/2023", "data": "$1.00"},  # 2023, never 12312023
                {"tax_period_ending": "Dec. 31, 2019", "tax_year": "2020", "data": "$2.00"},
            ]
        },
    )
    trt = await rows(pg_pool, "trt_records", new_case_id, "line_no", "line_no, tax_year")
    assert trt == [{"line_no": 0, "tax_year": 2023}, {"line_no": 1, "tax_year": 2019}]
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, has_at")
    assert years == [
        {"tax_year": 2019, "has_at": False},
        {"tax_year": 2021, "has_at": True},
        {"tax_year": 2023, "has_at": False},
    ]
    assert [(path, reason) for _, path, reason, _ in await quarantined(pg_pool, new_case_id)] == [
        ("/at_records/1", "bad_tax_year"),
        ("/at_records/2", "missing_tax_year"),
        ("/at_records/3", "bad_tax_year"),
    ]


async def test_hazard_05_amount_strings_are_parsed_and_blanks_are_null_not_zero(
    pg_pool, new_case_id
):
    record = {
        "tax_year": 2021,
        "adjusted_gross_income": "$1,234.50",
        "taxable_income": "(1,500.00)",
        "tax_per_return": " $ 2,000 ",
        "total_tax": "-$500.00",
        "total_balance": "$-500.00",
        "account_balance": "0",  # the source says 0
        "accrued_interest": "",  # blank
        "accrued_penalty": "n/a",
        "transactions": [
            {"code": "971", "date": "2022-01-01", "amount": ""},
            {"code": "670", "date": "2022-02-01", "amount": "-$25.005"},  # half rounds away
        ],
    }
    result = await promoted(
        pg_pool,
        new_case_id,
        at={"at_records": [record]},
        wi={"forms": [{"Form": "1099-INT", "Year": 2021, "Income": "12.50", "Withholding": ""}]},
    )
    [year] = await rows(
        pg_pool,
        "tax_years",
        new_case_id,
        "tax_year",
        "agi, taxable_income, tax_per_return, total_tax, total_balance, account_balance, "
        "accrued_interest, accrued_penalty",
    )
    assert year == {
        "agi": Decimal("1234.50"),
        "taxable_income": Decimal("-1500.00"),
        "tax_per_return": Decimal("2000.00"),
        "total_tax": Decimal("-500.00"),
        "total_balance": Decimal("-500.00"),
        "account_balance": Decimal("0.00"),
        "accrued_interest": None,
        "accrued_penalty": None,
    }
    amounts = await rows(pg_pool, "account_activity", new_case_id, "line_no", "amount")
    assert amounts == [{"amount": None}, {"amount": Decimal("-25.01")}]
    [form] = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "gross_amount, federal_withholding"
    )
    assert form == {"gross_amount": Decimal("12.50"), "federal_withholding": None}
    assert result.warnings == (
        silver_warning(
            "bad_amount",
            "at",
            2021,
            "/at_records/0: accrued_penalty: amount is not a dollar amount",
        ),
    )


async def test_hazard_06_dates_in_every_format_and_a_missing_required_date_quarantines_its_row(
    pg_pool, new_case_id
):
    record = {
        "tax_year": 2021,
        "processing_date": "soon",  # optional: null and a warning
        "return_filed_date": "Mar. 4, 2024",
        "transactions": [
            {"code": "806", "date": "04/15/2022", "amount": -1},
            {"code": "150", "amount": 10},
            {"code": "670", "date": "2022-13-01", "amount": -2},
            {"code": "670", "date": "May 16, 2022", "amount": -3},
            {"code": "670", "date": "2022-06-01T09:30:00Z", "amount": -4},
            {"code": "670", "date": "06-15-2022", "amount": -5},
        ],
    }
    result = await promoted(pg_pool, new_case_id, at={"at_records": [record]})
    activity = await rows(
        pg_pool, "account_activity", new_case_id, "line_no", "line_no, activity_date"
    )
    assert [tuple(row.values()) for row in activity] == [
        (0, date(2022, 4, 15)),
        (3, date(2022, 5, 16)),
        (4, date(2022, 6, 1)),
        (5, date(2022, 6, 15)),
    ]
    assert await quarantined(pg_pool, new_case_id) == [
        ("at", "/at_records/0/transactions/1", "bad_date",
         "AT transaction (2021): transaction has no date"),
        ("at", "/at_records/0/transactions/2", "bad_date",
         "AT transaction (2021): date is not a calendar date"),
    ]  # fmt: skip
    [year] = await rows(
        pg_pool, "tax_years", new_case_id, "tax_year", "processing_date, return_filed_date"
    )
    assert year == {"processing_date": None, "return_filed_date": date(2024, 3, 4)}
    assert result.warnings == (
        silver_warning(
            "bad_date",
            "at",
            2021,
            "/at_records/0: processing_date: date is in no accepted format",
        ),
    )


async def test_hazard_07_yes_no_filed_and_unfiled_are_booleans_and_anything_else_is_null(
    pg_pool, new_case_id
):
    records = [
        {"tax_year": 2018, "return_filed": "YES"},
        {"tax_year": 2019, "status": "Filed"},
        {"tax_year": 2020, "filed": "Unfiled"},
        {"tax_year": 2021, "returnFiled": "false"},
        {"tax_year": 2022, "return_filed": "n"},
        # Present but unreadable: null, not replaced by the TC 150 fallback.
        {
            "tax_year": 2023,
            "return_filed": "maybe",
            "transactions": [{"code": "150", "date": "2024-04-15", "amount": 100}],
        },
    ]
    result = await promoted(pg_pool, new_case_id, at={"at_records": records})
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, return_filed")
    assert [tuple(y.values()) for y in years] == [
        (2018, True),
        (2019, True),
        (2020, False),
        (2021, False),
        (2022, False),
        (2023, None),
    ]
    unreadable = "/at_records/5: return_filed: value is not a yes/no value"
    assert result.warnings == (silver_warning("bad_boolean", "at", 2023, unreadable),)


async def test_hazard_08_text_values_are_stored_without_their_json_quotes(pg_pool, new_case_id):
    await promoted(
        pg_pool,
        new_case_id,
        wi={"forms": [{"Form": "W-2", "Year": 2021, "Income": 1, "Issuer": {"Name": "ACME CORP"}}]},
        trt={"records": [{"tax_period_ending": "Dec. 31, 2021", "data": "Single", "line": 27}]},
        interview={"employment": {"clientEmployer": "NEW CO"}},
    )
    [form] = await rows(pg_pool, "income_documents", new_case_id, "line_no", "issuer_name")
    [line] = await rows(pg_pool, "trt_records", new_case_id, "line_no", "raw_value, line_number")
    [snapshot] = await rows(pg_pool, "interview_snapshot", new_case_id, "case_id", "tp_employer")
    assert form == {"issuer_name": "ACME CORP"}
    assert line == {"raw_value": "Single", "line_number": "27"}
    assert snapshot == {"tp_employer": "NEW CO"}


async def silver_snapshot(pg_pool, case_id):
    """Every Silver row of the case, minus the two columns generated per insert."""
    found = {}
    for table in TABLES:
        table_rows = await rows(pg_pool, table, case_id, "source_path")
        for row in table_rows:
            row.pop("quarantine_id", None)
            row.pop("created_at", None)
        found[table] = table_rows
    return found


async def test_hazard_09_promoting_again_from_the_same_payloads_gives_the_same_rows(
    pg_pool, new_case_id
):
    first_ids = await put_sandbox_payloads(pg_pool, new_case_id, "907001")
    first = await promote(pg_pool, new_case_id)
    before = await silver_snapshot(pg_pool, new_case_id)
    # A re-fired fetch stores nothing new (same Bronze rows), and the rebuild replaces, not adds.
    assert await put_sandbox_payloads(pg_pool, new_case_id, "907001") == first_ids
    again = await promote(pg_pool, new_case_id)
    assert await silver_snapshot(pg_pool, new_case_id) == before
    assert again == first
    assert (len(before["account_activity"]), len(before["income_documents"])) == (122, 15)


async def test_hazard_10_only_the_current_payload_of_a_source_feeds_silver(pg_pool, new_case_id):
    two_transactions = [
        {"code": "150", "date": "2022-05-16", "amount": 100},
        {"code": "670", "date": "2022-06-16", "amount": -50},
    ]
    older = {"at_records": [{"tax_year": 2021, "transactions": two_transactions}]}
    await put_payload(pg_pool, new_case_id, "at", older)
    newer = await put_payload(
        pg_pool,
        new_case_id,
        "at",
        {"at_records": [{"tax_year": 2022, "transactions": two_transactions[:1]}]},
    )
    result = await promote(pg_pool, new_case_id)
    years = await rows(pg_pool, "tax_years", new_case_id, "tax_year", "tax_year, bronze_id")
    assert years == [{"tax_year": 2022, "bronze_id": newer}]
    activity = await rows(
        pg_pool, "account_activity", new_case_id, "line_no", "tax_year, bronze_id"
    )
    assert activity == [{"tax_year": 2022, "bronze_id": newer}]
    assert (result.counts.tax_years, result.counts.account_activity) == (1, 1)


async def test_hazard_12_a_form_reported_twice_is_flagged_and_left_out_of_projections(
    pg_pool, new_case_id
):
    w2 = {
        "Form": "W-2",
        "Year": 2021,
        "Issuer": {"ID": "XX-XXX4567"},
        "Recipient": {"ID": "XXX-XX-1234"},
        "Income": "52,400.00",
        "Withholding": 4980,
    }
    forms = [
        w2,
        {"Form": "1099-NEC", "Year": 2021, "Income": 8300},
        {**w2, "Income": 52400, "Withholding": "4,980.00"},  # the same form, spelled otherwise
        {**w2, "Withholding": 0},  # a different withholding: another form
    ]
    await promoted(pg_pool, new_case_id, wi={"forms": forms})
    documents = await rows(
        pg_pool,
        "income_documents",
        new_case_id,
        "line_no",
        "line_no, duplicate_of_line_no, include_in_projection",
    )
    assert [tuple(d.values()) for d in documents] == [
        (0, None, True),
        (1, None, True),
        (2, 0, False),
        (3, None, True),
    ]


async def column_types(pg_pool, table):
    async with pg_pool.acquire() as conn:
        found = await conn.fetch(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = $1 ORDER BY ordinal_position",
            table,
        )
    return [(r["column_name"], r["data_type"]) for r in found]


async def test_hazard_13_tables_have_the_documented_columns_and_types(pg_pool):
    lineage = [("bronze_id", "uuid"), ("source_path", "text"), ("rules_version", "text")]
    money = "numeric"
    assert await column_types(pg_pool, "tax_years") == [
        ("case_id", "text"), ("tax_year", "integer"), ("owner", "text"), ("owner_raw", "text"),
        ("source_file", "text"), ("filing_status", "text"), ("return_filed", "boolean"),
        ("return_filed_date", "date"), ("agi", money), ("taxable_income", money),
        ("tax_per_return", money), ("total_tax", money), ("account_balance", money),
        ("accrued_interest", money), ("accrued_penalty", money), ("total_balance", money),
        ("processing_date", "date"), ("has_at", "boolean"), ("has_wi", "boolean"),
        ("has_trt", "boolean"), *lineage,
    ]  # fmt: skip
    assert await column_types(pg_pool, "income_documents") == [
        ("case_id", "text"), ("tax_year", "integer"), ("line_no", "integer"),
        ("form_type", "text"), ("gross_amount", money), ("federal_withholding", money),
        ("issuer_tin", "text"), ("issuer_name", "text"), ("issuer_address", "text"),
        ("recipient_tin_last4", "text"), ("recipient_name", "text"),
        ("recipient_address", "text"), ("person_type", "text"), ("person_type_basis", "text"),
        ("source_category", "text"), ("category", "text"), ("is_self_employment", "boolean"),
        ("include_in_projection", "boolean"), ("affects_resolution_options", "boolean"),
        ("resolution_income_asset", "text"), ("rule_matched", "boolean"),
        ("is_excluded", "boolean"), ("exclusion_reason", "text"),
        ("duplicate_of_line_no", "integer"), ("fields", "jsonb"), *lineage,
    ]  # fmt: skip
    # One key type everywhere: case_id is text and tax_year an integer in every Silver table.
    for table in TABLES:
        types = dict(await column_types(pg_pool, table))
        assert types["case_id"] == "text", table
        assert types.get("tax_year", "integer") == "integer", table


async def test_hazard_15_spouse_forms_are_found_by_ssn_last_4_before_any_name(pg_pool, new_case_id):
    def form(recipient):
        return {"Form": "1099-NEC", "Year": 2021, "Income": len(recipient), "Recipient": recipient}

    result = await promoted(
        pg_pool,
        new_case_id,
        interview={
            "household": {
                "taxpayerSSN": "000-00-1234",
                "spouseName": "Sam Example",
                "spouseSSN": "000-00-5678",
            }
        },
        wi={
            "forms": [
                # The taxpayer's SSN decides, whatever the name and the declared type say.
                form({"ID": "XXX-XX-1234", "Name": "SAM EXAMPLE", "TaxpayerType": "spouse"}),
                form({"ID": "XXX-XX-5678", "Name": "PAT EXAMPLE", "TaxpayerType": "taxpayer"}),
                # No SSN, nothing declared: the name equals the spouse's once normalised.
                form({"Name": "Sam  Example."}),
                form({"ID": "XXX-XX-9999", "Name": "PAT EXAMPLE"}),
            ]
        },
    )
    documents = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "person_type, person_type_basis"
    )
    assert [tuple(d.values()) for d in documents] == [
        ("taxpayer", "2"),
        ("spouse", "2"),
        ("spouse", "5"),
        ("taxpayer", "default"),
    ]
    assert [w.code for w in result.warnings] == ["person_type_default"]


async def test_hazard_16_form_types_are_normalised_and_unknown_forms_are_unknown(
    pg_pool, new_case_id
):
    printed = ["W2", "w-2", "1099 NEC", "1099nec", "W2C", "SSA1099", {"Type": "1099 int"}, "1098-T"]
    forms = [
        {"Form": form, "Year": 2021, "Income": n, "Issuer": {"ID": f"XX-XXX000{n}"}}
        for n, form in enumerate(printed)
    ]
    # No form type: never guessed from other values that mention one.
    forms.append({"Year": 2021, "Income": 9, "Fields": {"Form": "W-2", "Box 1": "W-2 wages"}})
    result = await promoted(pg_pool, new_case_id, wi={"forms": forms})
    documents = await rows(
        pg_pool,
        "income_documents",
        new_case_id,
        "line_no",
        "form_type, category, rule_matched, include_in_projection",
    )
    assert [tuple(d.values()) for d in documents] == [
        ("W-2", "Non-SE", True, True),
        ("W-2", "Non-SE", True, True),
        ("1099-NEC", "SE", True, True),
        ("1099-NEC", "SE", True, True),
        ("W-2C", "Non-SE", True, True),
        ("SSA-1099", "Non-SE", True, True),
        ("1099-INT", "Non-SE", True, True),
        ("1098-T", "Unknown", False, False),
        (None, "Unknown", False, False),
    ]
    async with pg_pool.acquire() as conn:
        assert (await unmapped(conn, new_case_id))[1] == ["1098-T"]
    assert result.warnings == (
        silver_warning("missing_form_type", "wi", 2021, "/forms/8: WI form has no form type"),
    )


async def test_hazard_17_unmapped_transaction_codes_flow_and_are_listed(pg_pool, new_case_id):
    transactions = [
        {"code": code, "date": "2022-01-0" + str(n + 1), "amount": 0}
        for n, code in enumerate(["922", "430", "TC 166", "150"])
    ]
    result = await promoted(
        pg_pool, new_case_id, at={"at_records": [{"tax_year": 2021, "transactions": transactions}]}
    )
    activity = await rows(
        pg_pool,
        "account_activity",
        new_case_id,
        "line_no",
        "irs_transaction_code, transaction_type, rule_matched, affects_csed",
    )
    assert [tuple(row.values()) for row in activity] == [
        ("922", "unknown", False, False),
        ("430", "unknown", False, False),  # deliberately not seeded until verified
        ("166", "unknown", False, False),
        ("150", "return_filed", True, True),
    ]
    async with pg_pool.acquire() as conn:
        assert (await unmapped(conn, new_case_id))[0] == ["166", "430", "922"]
    assert result.counts.quarantined == 0


async def test_hazard_18_mislabelled_codes_carry_the_corrected_meaning(pg_pool, new_case_id):
    codes = ["196", "276", "360", "482", "483", "780", "972", "977"]
    transactions = [
        {"code": code, "date": f"2022-02-{n + 10}", "amount": 0} for n, code in enumerate(codes)
    ]
    await promoted(
        pg_pool, new_case_id, at={"at_records": [{"tax_year": 2021, "transactions": transactions}]}
    )
    activity = await rows(
        pg_pool,
        "account_activity",
        new_case_id,
        "line_no",
        "irs_transaction_code, transaction_type, affects_balance, affects_csed, starts_csed, "
        "csed_toll_days, indicates_collection_action, balance_sign",
    )
    # DOMAIN 3.5, right-hand column: no penalty or interest tolls or touches the CSED; 360 is a
    # fee; 482/483/780 end or cancel the OIC interval; 972 reverses a 971; 977 is an amendment.
    assert [tuple(row.values()) for row in activity] == [
        ("196", "interest", True, False, False, 0, False, 1),
        ("276", "penalty", True, False, False, 0, False, 1),
        ("360", "fee", True, False, False, 0, False, 1),
        ("482", "oic", False, True, False, 0, False, 0),
        ("483", "oic", False, True, False, 0, False, 0),
        ("780", "oic", False, True, False, 0, False, 0),
        ("972", "collection_notice", False, True, False, 0, False, 0),
        ("977", "amended_return", False, False, False, 0, False, 0),
    ]


async def test_hazard_19_penalties_never_toll_and_an_oic_adds_30_days_only_after_rejection(
    pg_pool, new_case_id
):
    transactions = [
        {"code": "150", "date": "2021-05-17", "amount": 1000},
        {"code": "196", "date": "2021-06-01", "amount": 12},
        {"code": "276", "date": "2021-06-01", "amount": 30},
        {"code": "480", "date": "2022-01-01", "amount": 0},
        {"code": "481", "date": "2022-03-01", "amount": 0},  # rejected: +30
        {"code": "480", "date": "2022-06-01", "amount": 0},
        {"code": "482", "date": "2022-07-01", "amount": 0},  # withdrawn: +0
    ]
    await promoted(
        pg_pool, new_case_id, at={"at_records": [{"tax_year": 2020, "transactions": transactions}]}
    )
    events = await rows(
        pg_pool,
        "csed_tolling_events",
        new_case_id,
        "event_no",
        "event_type, start_code, end_code, interval_days, additional_toll_days, total_toll_days",
    )
    assert [tuple(e.values()) for e in events] == [
        ("assessment", "150", None, None, None, None),
        ("oic_pending", "480", "481", 59, 30, 89),
        ("oic_withdrawn", "480", "482", 30, 0, 30),
    ]


async def test_hazard_21_household_keys_are_read_from_employment_first_and_echo_cells_ignored(
    pg_pool, new_case_id
):
    interview = {
        "employment": {"clientEmployer": "X CO", "clientHouseMembers": "3"},
        "household": {"clientHouseMembers": "4", "clientNextTaxReturn": "HOH"},
        # The flat loader put transportation in C80 and a monthly total in AL4: never read.
        "irs_standards": {"food": 100, "transportation": 588, "totalMonthly": 4120},
        "expenses": {"brandNewKey": 1},
    }
    await promoted(pg_pool, new_case_id, interview=interview)
    [snapshot] = await full_rows(pg_pool, "interview_snapshot", new_case_id, "case_id")
    assert {
        column: snapshot[column]
        for column in (
            "tp_house_members",
            "tp_next_tax_return",
            "std_food",
            "std_health_out_of_pocket",
            "std_public_transportation",
            "unmapped_keys",
        )
    } == {
        "tp_house_members": 3,
        "tp_next_tax_return": "HOH",
        "std_food": Decimal("100.00"),
        "std_health_out_of_pocket": None,
        "std_public_transportation": None,
        "unmapped_keys": ["expenses.brandNewKey"],
    }


async def test_hazard_22_enumerations_are_normalised_before_insert(pg_pool, new_case_id):
    employment = {
        "clientFrequentlyPaid": "Bi-Weekly",
        "spouseFrequentlyPaid": "every two weeks",
        "clientNextTaxReturn": "Married Filing Jointly",
        "spouseNextTaxReturn": "qualifying widow(er)",
    }
    result = await promoted(
        pg_pool,
        new_case_id,
        interview={"employment": employment, "household": {"filingStatus": "Fortnightly"}},
    )
    # Each column has a CHECK constraint: the raw spellings would be refused by Postgres.
    [snapshot] = await rows(
        pg_pool,
        "interview_snapshot",
        new_case_id,
        "case_id",
        "tp_pay_frequency, sp_pay_frequency, tp_next_tax_return, sp_next_tax_return, filing_status",
    )
    assert snapshot == {
        "tp_pay_frequency": "biweekly",
        "sp_pay_frequency": "biweekly",
        "tp_next_tax_return": "MFJ",
        "sp_next_tax_return": "QSS",
        "filing_status": None,  # unrecognised: null and a warning, the row is kept
    }
    assert result.warnings == (
        silver_warning(
            "bad_filing_status",
            "interview",
            None,
            "interview: filing_status: filing status is not recognised",
        ),
    )


async def test_hazard_24_missing_interview_data_stays_null(pg_pool, new_case_id):
    result = await promoted(
        pg_pool, new_case_id, interview={"employment": {"clientEmployer": "X CO"}}
    )
    [snapshot] = await rows(pg_pool, "interview_snapshot", new_case_id, "case_id")
    # Never Single, Employed, Monthly or 1 household member; no spouse values without a spouse.
    defaults_once_invented = (
        "filing_status",
        "tp_next_tax_return",
        "tp_employment_status",
        "tp_pay_frequency",
        "tp_house_members",
        "household_size",
        "sp_employer",
        "sp_gross_income",
        "sp_pay_frequency",
    )
    assert {c: snapshot[c] for c in defaults_once_invented} == dict.fromkeys(defaults_once_invented)
    assert snapshot["tp_employer"] == "X CO"
    assert result.warnings == ()


async def test_hazard_28_ssns_are_compared_and_kept_by_their_last_4_digits_only(
    pg_pool, new_case_id
):
    full_taxpayer, full_spouse = "123-45-1234", "987-65-5678"  # invented, unmasked
    await promoted(
        pg_pool,
        new_case_id,
        interview={"household": {"taxpayerSSN": full_taxpayer, "spouseSSN": full_spouse}},
        wi={
            "forms": [
                {"Form": "W-2", "Year": 2021, "Income": 1, "Recipient": {"ID": "XXX-XX-5678"}},
                {"Form": "W-2", "Year": 2021, "Income": 2, "Recipient": {"SSN": full_taxpayer}},
            ]
        },
        trt={"records": [{"tax_year": "2021", "primary_ssn": full_taxpayer, "data": "x"}]},
    )
    documents = await rows(
        pg_pool,
        "income_documents",
        new_case_id,
        "line_no",
        "recipient_tin_last4, person_type, person_type_basis",
    )
    assert [tuple(d.values()) for d in documents] == [
        ("5678", "spouse", "2"),
        ("1234", "taxpayer", "2"),
    ]
    stored = str(await silver_snapshot(pg_pool, new_case_id))
    assert full_taxpayer not in stored and full_spouse not in stored
    assert "'taxpayer_ssn_last4': '1234'" in stored and "'primary_ssn_last4': '1234'" in stored


async def test_hazard_29_the_years_data_key_wins_over_the_forms_own_year(pg_pool, new_case_id):
    result = await promoted(
        pg_pool,
        new_case_id,
        wi={
            "years_data": {
                "2022": [{"Form": "W-2", "Year": "2021", "Income": 1}],  # a bare array
                "2023": {"forms": [{"Form": "W-2", "Year": "2023", "Income": 2}]},
            }
        },
    )
    documents = await rows(
        pg_pool, "income_documents", new_case_id, "line_no", "tax_year, source_path"
    )
    assert [tuple(d.values()) for d in documents] == [
        (2022, "/years_data/2022/0"),
        (2023, "/years_data/2023/forms/0"),
    ]
    assert result.warnings == (
        silver_warning(
            "year_mismatch",
            "wi",
            2022,
            "/years_data/2022/0: form Year differs from its years_data key; the key is used",
        ),
    )


async def test_hazard_31_owner_codes_e_and_p_are_the_taxpayers_with_the_raw_code_kept(
    pg_pool, new_case_id
):
    records = [
        {"tax_year": 2021, "owner": "E", "processing_date": "2024-06-01"},
        {"tax_year": 2021, "owner": "P", "processing_date": "2024-01-01"},
        {"tax_year": 2021, "owner": "spouse"},
        {"tax_year": 2020, "owner": "Taxpayer"},
    ]
    result = await promoted(pg_pool, new_case_id, at={"at_records": records})
    years = await rows(
        pg_pool, "tax_years", new_case_id, "tax_year, owner", "tax_year, owner, owner_raw"
    )
    # E and P both read as TP for 2021: the later processing date is kept, the other quarantined.
    assert [tuple(y.values()) for y in years] == [
        (2020, "TP", "Taxpayer"),
        (2021, "S", "spouse"),
        (2021, "TP", "E"),
    ]
    assert [(path, reason) for _, path, reason, _ in await quarantined(pg_pool, new_case_id)] == [
        ("/at_records/1", "duplicate_year_record")
    ]
    assert [(w.code, w.detail) for w in result.warnings] == [
        ("owner_unrecognised", "/at_records/0: owner not recognised; read as TP"),
        ("owner_unrecognised", "/at_records/1: owner not recognised; read as TP"),
    ]
