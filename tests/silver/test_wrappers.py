"""Wrapper detection per source (DOMAIN 1.2.4–1.2.6, hazard 1)."""

import pytest

from medallion.silver.wrappers import UnknownWrapper, unwrap_at, unwrap_trt, unwrap_wi

MAX_YEAR = 2026


def paths(unwrapped):
    return [r.path for r in unwrapped.records]


@pytest.mark.parametrize(
    ("document", "variant", "expected_paths"),
    [
        (
            {"at_records": [{}, {}], "records": [{}]},
            "at_records",
            ["/at_records/0", "/at_records/1"],
        ),
        ({"records": [{}], "data": [{}]}, "records", ["/records/0"]),
        ({"data": [{"tax_year": 2021}]}, "data", ["/data/0"]),
        ({"transactions": [], "tax_year": 2021}, "transactions", [""]),
        ([{}, {}], "bare_array", ["/0", "/1"]),
        ({"at_records": []}, "at_records", []),
    ],
)
def test_at_wrapper_precedence(document, variant, expected_paths):
    unwrapped = unwrap_at(document)
    assert unwrapped.variant == variant
    assert paths(unwrapped) == expected_paths


def test_at_data_counts_only_when_it_is_an_array_of_objects():
    with pytest.raises(UnknownWrapper):
        unwrap_at({"data": ["2021", "2022"]})
    assert unwrap_at({"data": ["x"], "transactions": []}).variant == "transactions"


@pytest.mark.parametrize("document", [{"case_id": "1", "message": "nothing"}, {}, "text", 5])
def test_at_without_a_known_wrapper_is_unknown(document):
    with pytest.raises(UnknownWrapper) as caught:
        unwrap_at(document)
    assert "AT payload has no known record wrapper" in caught.value.detail


@pytest.mark.parametrize(
    ("document", "variant"),
    [
        ({"records": [{}], "trt_records": [{}]}, "records"),
        ({"trt_records": [{}], "data": [{}]}, "trt_records"),
        ({"data": [{}], "documents": [{}]}, "data"),
        ({"documents": [{}]}, "documents"),
        ([{}], "bare_array"),
    ],
)
def test_trt_wrapper_precedence(document, variant):
    assert unwrap_trt(document).variant == variant


def test_trt_unknown_wrapper():
    with pytest.raises(UnknownWrapper):
        unwrap_trt({"lines": []})


def test_wi_years_data_is_flattened_in_ascending_year_then_array_order():
    document = {
        "years_data": {
            "2022": [{"n": 3}],
            "2020": {"forms": [{"n": 1}, {"n": 2}]},
            "2021": {"forms": []},
        }
    }
    unwrapped = unwrap_wi(document, max_year=MAX_YEAR)
    assert unwrapped.variant == "years_data"
    assert [f.path for f in unwrapped.forms] == [
        "/years_data/2020/forms/0",
        "/years_data/2020/forms/1",
        "/years_data/2022/0",
    ]
    assert [f.module.year for f in unwrapped.forms if f.module] == [2020, 2020, 2022]


def test_wi_years_data_keeps_the_module_owner_and_flags_malformed_entries():
    document = {"years_data": {"2021": {"owner": "S", "forms": [{}]}, "2020": {"oops": 1}}}
    unwrapped = unwrap_wi(document, max_year=MAX_YEAR)
    assert unwrapped.forms[0].module is not None and unwrapped.forms[0].module.owner == "S"
    assert [m.path for m in unwrapped.malformed_modules] == ["/years_data/2020"]


@pytest.mark.parametrize(
    ("document", "variant"),
    [
        ({"forms": [{}], "wi_forms": [{}]}, "forms"),
        ({"wi_forms": [{}], "data": [{}]}, "wi_forms"),
        ({"data": [{}], "documents": [{}]}, "data"),
        ({"documents": [{}], "income_documents": [{}]}, "documents"),
        ({"income_documents": [{}]}, "income_documents"),
        ([{}], "bare_array"),
    ],
)
def test_wi_flat_wrapper_precedence(document, variant):
    unwrapped = unwrap_wi(document, max_year=MAX_YEAR)
    assert unwrapped.variant == variant
    assert all(f.module is None for f in unwrapped.forms)


def test_wi_unknown_wrapper():
    with pytest.raises(UnknownWrapper):
        unwrap_wi({"years": {}}, max_year=MAX_YEAR)


def test_the_variant_stored_at_fetch_decides_where_the_records_are():
    # Both wrappers hold records; precedence alone would pick at_records.
    document = {"at_records": [{"tax_year": "2021"}], "records": [{"tax_year": "2022"}]}

    assert unwrap_at(document).variant == "at_records"
    unwrapped = unwrap_at(document, "records")
    assert (unwrapped.variant, paths(unwrapped)) == ("records", ["/records/0"])
    assert unwrap_trt({"records": [], "data": [{}]}, "data").variant == "data"
    assert unwrap_wi({"forms": [], "data": [{}]}, max_year=MAX_YEAR, variant="data").variant == (
        "data"
    )
