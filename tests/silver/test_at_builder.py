"""AT payload → year records and account_activity rows (DOMAIN 1.2.4, 3.3–3.5)."""

from datetime import date
from decimal import Decimal

from medallion.silver.at import build_at
from tests.silver.fixtures import AT_EXAMPLE, MAX_YEAR, RULES, codes, issues, payload, reasons


def build(document, kind="json"):
    found = issues("at")
    return build_at(payload("at", document, kind), RULES, max_year=MAX_YEAR, issues=found), found


def record(tax_year="2021", transactions=(), **fields):
    return {"tax_year": tax_year, "transactions": list(transactions), **fields}


def txn(code, day="2022-05-16", amount=None, **fields):
    return {"code": code, "date": day, "amount": amount, **fields}


def test_the_documented_example_types_every_year_field():
    result, found = build(AT_EXAMPLE)
    [year] = result.years
    assert (year.tax_year, year.owner, year.owner_raw) == (2021, "TP", "TP")
    assert year.source_file == "AT 21.pdf"
    assert year.filing_status == "MFJ"
    assert year.return_filed is True
    assert year.return_filed_date == date(2022, 5, 16)
    assert year.processing_date == date(2024, 3, 4)
    assert year.money == {
        "agi": Decimal("60700.00"),
        "taxable_income": Decimal("35600.00"),
        "tax_per_return": Decimal("4012.00"),
        "total_tax": None,
        "account_balance": Decimal("2360.50"),
        "accrued_interest": Decimal("210.40"),
        "accrued_penalty": Decimal("96.10"),
        "total_balance": Decimal("2667.00"),
    }
    assert found.warnings == [] and found.quarantined == []


def test_the_documented_example_gives_signed_enriched_activity():
    result, _ = build(AT_EXAMPLE)
    assert [
        (r.line_no, r.irs_transaction_code, r.activity_date, r.amount, r.transaction_type)
        for r in result.activity
    ] == [
        (0, "150", date(2022, 5, 16), Decimal("4012.00"), "return_filed"),
        (1, "806", date(2022, 4, 15), Decimal("-1200.00"), "withholding"),
        (2, "276", date(2022, 5, 16), Decimal("48.50"), "penalty"),
        (3, "670", date(2023, 1, 10), Decimal("-500.00"), "payment"),
        (4, "971", date(2023, 8, 21), Decimal("0.00"), "collection_notice"),
    ]
    assert [r.source_path for r in result.activity] == [
        f"/at_records/0/transactions/{n}" for n in range(5)
    ]
    assert not any(r.amount_sign_inferred for r in result.activity)
    first = result.activity[0]
    assert (first.affects_balance, first.affects_csed, first.starts_csed, first.balance_sign) == (
        True,
        True,
        True,
        1,
    )


def test_unsigned_payload_gets_credit_signs_from_the_rules_on_credit_rows_only():
    document = {
        "at_records": [
            record(
                transactions=[
                    txn("150", amount=4012),
                    txn("806", amount="1,200.00"),
                    txn("670", amount=500),
                ]
            )
        ]
    }
    result, _ = build(document)
    assert [(r.amount, r.amount_sign_inferred) for r in result.activity] == [
        (Decimal("4012.00"), False),
        (Decimal("-1200.00"), True),
        (Decimal("-500.00"), True),
    ]


def test_one_negative_credit_anywhere_means_the_payload_is_signed():
    document = {
        "at_records": [
            record("2020", [txn("806", amount=300)]),
            record("2021", [txn("670", amount=-500)]),
        ]
    }
    result, _ = build(document)
    assert [r.amount for r in result.activity] == [Decimal("300.00"), Decimal("-500.00")]
    assert not any(r.amount_sign_inferred for r in result.activity)


def test_unknown_code_flows_unmatched_with_type_unknown_and_flags_false():
    result, found = build({"at_records": [record(transactions=[txn("922", amount=0)])]})
    [row] = result.activity
    assert (row.irs_transaction_code, row.rule_matched, row.transaction_type) == (
        "922",
        False,
        "unknown",
    )
    assert not (row.affects_balance or row.affects_csed or row.starts_csed)
    assert row.indicates_collection_action is False
    assert row.explanation is None
    assert found.quarantined == []


def test_explanation_falls_back_to_the_rule_meaning():
    result, _ = build({"at_records": [record(transactions=[txn("276", amount=10)])]})
    assert result.activity[0].explanation == "meaning of 276"


def test_971_collection_flag_comes_from_its_explanation():
    document = {
        "at_records": [
            record(
                transactions=[
                    txn("971", explanation="Notice of intent to LEVY issued"),
                    txn("971", explanation="Federal tax lien notice"),
                    txn("971", explanation="Installment agreement pending"),
                    txn("971"),
                    txn("582", explanation="Installment agreement pending"),
                ]
            )
        ]
    }
    result, _ = build(document)
    assert [r.indicates_collection_action for r in result.activity] == [
        True,
        True,
        False,
        False,
        True,
    ]


def test_transaction_code_and_amount_aliases_and_money_only_data():
    document = {
        "at_records": [
            record(
                transactions=[
                    {"tc": "TC 150", "posted_date": "Jan. 5, 2022", "data": "$1,000.00"},
                    {"Code": "971 AC 043", "Date": "01/06/2022", "data": "Levy notice"},
                ]
            )
        ]
    }
    result, _ = build(document)
    assert [(r.irs_transaction_code, r.activity_date, r.amount) for r in result.activity] == [
        ("150", date(2022, 1, 5), Decimal("1000.00")),
        ("971", date(2022, 1, 6), None),
    ]


def test_bad_transaction_is_quarantined_and_the_others_keep_their_array_positions():
    document = {
        "at_records": [
            record(
                transactions=[
                    txn("150", amount=1),
                    txn("ABC", amount=2),
                    txn("806", day="", amount=-3),
                    txn("806", day="31/31/2022", amount=-4),
                    "not an object",
                    txn("670", amount=-5),
                ]
            )
        ]
    }
    result, found = build(document)
    assert [r.line_no for r in result.activity] == [0, 5]
    assert reasons(found) == [
        ("/at_records/0/transactions/1", "bad_code"),
        ("/at_records/0/transactions/2", "bad_date"),
        ("/at_records/0/transactions/3", "bad_date"),
        ("/at_records/0/transactions/4", "not_an_object"),
    ]


def test_record_without_a_year_is_quarantined_never_defaulted():
    document = {"at_records": [record(None), record("12/31/2023 and 2024"), record("2021"), "x"]}
    result, found = build(document)
    assert [y.tax_year for y in result.years] == [2021]
    assert reasons(found) == [
        ("/at_records/0", "missing_tax_year"),
        ("/at_records/1", "bad_tax_year"),
        ("/at_records/3", "not_an_object"),
    ]


def test_bad_amount_is_null_with_a_warning_and_the_row_still_flows():
    document = {
        "at_records": [record(account_balance="lots", transactions=[txn("150", amount="n/a")])]
    }
    result, found = build(document)
    assert result.years[0].money["account_balance"] is None
    assert result.activity[0].amount is None
    assert codes(found) == ["bad_amount", "bad_amount"]
    assert all(w.tax_year == 2021 for w in found.warnings)


def test_duplicate_year_keeps_the_later_processing_date():
    document = {
        "at_records": [
            record(
                source_file="AT 21 E.pdf",
                processing_date="2024-03-04",
                owner="E",
                transactions=[txn("150", amount=1)],
            ),
            record(
                source_file="AT 21 P.pdf",
                processing_date="2023-01-01",
                owner="P",
                transactions=[txn("150", amount=2)],
            ),
        ]
    }
    result, found = build(document)
    assert [y.source_file for y in result.years] == ["AT 21 E.pdf"]
    assert [r.amount for r in result.activity] == [Decimal("1.00")]
    assert reasons(found) == [("/at_records/1", "duplicate_year_record")]
    assert codes(found) == ["owner_unrecognised", "owner_unrecognised"]


def test_duplicate_year_with_equal_dates_keeps_the_later_position():
    document = {"at_records": [record(source_file="first"), record(source_file="second")]}
    result, found = build(document)
    assert [y.source_file for y in result.years] == ["second"]
    assert reasons(found) == [("/at_records/0", "duplicate_year_record")]


def test_same_year_for_taxpayer_and_spouse_are_two_records():
    document = {"at_records": [record(owner="TP"), record(owner="spouse")]}
    result, found = build(document)
    assert [(y.tax_year, y.owner, y.owner_raw) for y in result.years] == [
        (2021, "TP", "TP"),
        (2021, "S", "spouse"),
    ]
    assert found.quarantined == []


def test_return_filed_falls_back_to_a_non_sfr_tc_150():
    document = {
        "at_records": [
            record(
                "2019",
                [
                    txn("150", "2020-07-01", 0, explanation="SFR return"),
                    txn("150", "2020-05-01", 10),
                ],
            ),
            record("2020", [txn("150", "2021-06-01", 0, explanation="Substitute for return")]),
            record("2021", [txn("806", amount=-1)]),
            record(
                "2022",
                [txn("150", "2023-04-01", 5)],
                returnFiled="no",
                returnFiledDate="2023-04-15",
            ),
        ]
    }
    result, _ = build(document)
    assert [(y.tax_year, y.return_filed, y.return_filed_date) for y in result.years] == [
        (2019, True, date(2020, 5, 1)),
        (2020, None, None),
        (2021, None, None),
        (2022, False, date(2023, 4, 15)),
    ]


def test_single_year_form_with_top_level_transactions():
    result, _ = build({"tax_year": 2020, "transactions": [txn("150", amount=1)]})
    assert [(y.tax_year, y.path) for y in result.years] == [(2020, "")]
    assert result.activity[0].source_path == "/transactions/0"


def test_unknown_wrapper_quarantines_the_whole_payload_with_identifiers_masked():
    result, found = build({"case_id": "1", "ssn": "123-45-6789", "rows": []})
    assert result.years == ()
    [quarantined] = found.quarantined
    assert (quarantined.source_path, quarantined.reason_code) == ("", "unknown_wrapper")
    assert quarantined.raw_fragment == {"case_id": "1", "ssn": "XXX-XX-6789", "rows": []}


def test_empty_payload_without_wrapper_is_not_quarantined():
    result, found = build({}, kind="empty")
    assert result.years == () and found.quarantined == []


def test_alias_conflict_is_warned_and_the_first_alias_wins():
    result, found = build({"at_records": [record(agi="100", AGI="200")]})
    assert result.years[0].money["agi"] == Decimal("100.00")
    assert codes(found) == ["alias_conflict"]
    assert "agi" in found.warnings[0].detail and "AGI" in found.warnings[0].detail
