"""tax_years from every source (DOMAIN 3.3), built through build_silver without a database."""

from decimal import Decimal

from medallion.silver.build import build_silver
from tests.silver.fixtures import MAX_YEAR, RULES, payload


def years(**documents):
    build = build_silver(
        {source: payload(source, document) for source, document in documents.items()},
        RULES,
        max_year=MAX_YEAR,
    )
    return build, {(y.tax_year, y.owner): y for y in build.tax_years}


AT = {
    "at_records": [
        {"tax_year": 2021, "owner": "TP", "account_balance": "10.00", "transactions": []},
        {"tax_year": 2021, "owner": "S", "filing_status": "HOH", "transactions": []},
        {"tax_year": 2022, "transactions": []},
    ]
}
WI = {
    "forms": [{"Form": "W-2", "year": 2021}, {"Form": "W-2", "year": 2019, "FilingStatus": "MFS"}]
}
TRT = {
    "records": [
        {"tax_period_ending": "Dec. 31, 2020", "sub_category": "Wages"},
        {
            "tax_period_ending": "Dec. 31, 2020",
            "sub_category": "Filing Status",
            "data": "Married Filing Jointly",
        },
        {"tax_period_ending": "Dec. 31, 2022", "sub_category": "Filing status", "data": "Single"},
        {"tax_period_ending": "Dec. 31, 2019", "sub_category": "Filing status", "data": "HOH"},
    ]
}


def test_one_row_per_year_and_owner_seen_in_any_source():
    _, by_key = years(at=AT, wi=WI, trt=TRT)
    assert sorted(by_key) == [(2019, "TP"), (2020, "TP"), (2021, "S"), (2021, "TP"), (2022, "TP")]


def test_source_flags_say_which_sources_mention_the_year():
    _, by_key = years(at=AT, wi=WI, trt=TRT)
    assert {key: (y.has_at, y.has_wi, y.has_trt) for key, y in by_key.items()} == {
        (2019, "TP"): (False, True, True),
        (2020, "TP"): (False, False, True),
        (2021, "S"): (True, True, False),
        (2021, "TP"): (True, True, False),
        (2022, "TP"): (True, False, True),
    }


def test_wi_and_trt_only_years_have_null_at_fields_and_point_at_their_first_line():
    _, by_key = years(at=AT, wi=WI, trt=TRT)
    wi_year, trt_year = by_key[(2019, "TP")], by_key[(2020, "TP")]
    assert (wi_year.source_path, trt_year.source_path) == ("/forms/1", "/records/0")
    assert wi_year.account_balance is None and wi_year.return_filed is None
    assert by_key[(2021, "TP")].account_balance == Decimal("10.00")
    assert by_key[(2021, "TP")].source_path == "/at_records/0"


def test_filing_status_falls_back_from_at_to_trt_to_wi():
    _, by_key = years(at=AT, wi=WI, trt=TRT)
    assert {key: y.filing_status for key, y in by_key.items()} == {
        (2019, "TP"): "HOH",  # TRT beats WI
        (2020, "TP"): "MFJ",  # TRT line, case-insensitive label
        (2021, "S"): "HOH",  # AT
        (2021, "TP"): None,
        (2022, "TP"): "SINGLE",  # AT has none, TRT has one
    }


def test_wi_filing_status_used_when_neither_at_nor_trt_has_one():
    _, by_key = years(wi=WI)
    assert by_key[(2019, "TP")].filing_status == "MFS"


def test_quarantined_forms_create_no_year():
    build, by_key = years(wi={"forms": [{"Form": "W-2", "year": "soon"}]})
    assert by_key == {}
    assert [q.reason_code for q in build.quarantined] == ["bad_tax_year"]
