"""TRT payload → trt_records rows (DOMAIN 1.2.6, 3.10)."""

from datetime import date
from decimal import Decimal

from medallion.silver.trt import build_trt
from tests.silver.fixtures import MAX_YEAR, TRT_EXAMPLE, issues, payload, reasons


def build(document):
    found = issues("trt")
    return build_trt(payload("trt", document), max_year=MAX_YEAR, issues=found), found


def test_the_documented_example():
    result, found = build(TRT_EXAMPLE)
    wages, car = result.rows
    assert (wages.line_no, wages.tax_year, wages.tax_period_ending) == (0, 2021, date(2021, 12, 31))
    assert (wages.response_date, wages.form_number, wages.record_type) == (
        date(2024, 3, 4),
        "1040",
        "Form",
    )
    assert (wages.primary_ssn_last4, wages.spouse_ssn_last4) == ("1234", "5678")
    assert (wages.category, wages.sub_category, wages.line_number) == (
        "Income",
        "Wages, salaries, tips, etc.",
        "1",
    )
    assert (wages.raw_value, wages.numeric_value, wages.value_kind) == (
        "$52,400.00",
        Decimal("52400.00"),
        "money",
    )
    assert car.spouse_ssn_last4 is None
    assert (car.raw_value, car.numeric_value) == ("(1,250.00)", Decimal("-1250.00"))
    assert car.source_path == "/records/1"
    assert found.warnings == [] and found.quarantined == []


def test_text_values_stay_raw_and_empty_values_are_empty():
    document = {
        "trt_records": [
            {"tax_year": "2020", "sub_category": "Filing status", "value": "Single"},
            {"Year": 2020, "amount": ""},
            {"taxYear": "2020", "Data": 1500},
        ]
    }
    result, found = build(document)
    assert [(r.raw_value, r.numeric_value, r.value_kind) for r in result.rows] == [
        ("Single", None, "text"),
        (None, None, "empty"),
        ("1500", Decimal("1500.00"), "money"),
    ]
    assert result.filing_status_by_year == {2020: "SINGLE"}
    assert found.warnings == []


def test_period_ending_decides_the_year_over_year_aliases():
    result, found = build([{"tax_period_ending": "12/31/2019", "tax_year": "2021"}])
    assert result.rows[0].tax_year == 2019
    assert found.quarantined == []


def test_category_never_falls_back_to_type():
    result, _ = build([{"year": 2021, "type": "Schedule"}])
    assert (result.rows[0].record_type, result.rows[0].category) == ("Schedule", None)


def test_lines_without_a_year_are_quarantined_and_the_rest_flows():
    result, found = build({"documents": [{"data": "$1"}, {"year": "n/a"}, {"year": 2021}, 7]})
    assert [r.line_no for r in result.rows] == [2]
    assert reasons(found) == [
        ("/documents/0", "missing_tax_year"),
        ("/documents/1", "bad_tax_year"),
        ("/documents/3", "not_an_object"),
    ]


def test_response_date_falls_back_to_the_top_level_one():
    result, _ = build({"response_date": "2024-03-04", "records": [{"year": 2021}]})
    assert result.rows[0].response_date == date(2024, 3, 4)


def test_unrecognised_filing_status_line_is_warned_and_ignored():
    result, found = build([{"year": 2021, "subCategory": "FILING STATUS", "data": "Married"}])
    assert result.filing_status_by_year == {}
    assert [w.code for w in found.warnings] == ["bad_filing_status"]


def test_unknown_wrapper_is_quarantined():
    result, found = build({"lines": [{}]})
    assert result.rows == ()
    assert reasons(found) == [("", "unknown_wrapper")]
