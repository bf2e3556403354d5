"""Each documented shape variant is served for some reserved case id (DOMAIN 1.2.4-1.2.6, 1.3.4)."""

import re
from typing import Any

import pytest

from sandbox.data import Source, document, profile_for

AT_WRAPPER_CASES = {
    "901001": "at_records",
    "901002": "records",
    "901003": "data",
}
WI_FLAT_CASES = {
    "902003": "forms",
    "902004": "wi_forms",
    "902005": "data",
    "902006": "documents",
    "902007": "income_documents",
}
TRT_WRAPPER_CASES = {
    "903001": "records",
    "903002": "trt_records",
    "903003": "data",
    "903004": "documents",
}


def _doc(case_id: str, source: Source) -> Any:
    found = document(case_id, source)
    assert found is not None
    return found


@pytest.mark.parametrize(("case_id", "wrapper"), AT_WRAPPER_CASES.items())
def test_at_wrapped_records(case_id: str, wrapper: str) -> None:
    body = _doc(case_id, "at")
    assert isinstance(body[wrapper], list) and len(body[wrapper]) >= 3
    assert {"case_id", "response_date", "metadata"} <= set(body)


def test_at_single_year_form_has_top_level_transactions() -> None:
    body = _doc("901004", "at")
    assert isinstance(body["transactions"], list) and "tax_year" in body
    assert not {"at_records", "records", "data"} & set(body)


def test_at_bare_array() -> None:
    body = _doc("901005", "at")
    assert isinstance(body, list) and all("tax_year" in record for record in body)


@pytest.mark.parametrize(
    ("case_id", "record_keys", "transaction_keys"),
    [
        ("901011", {"tax_year", "filing_status", "adjusted_gross_income"}, {"code", "date"}),
        ("901012", {"taxYear", "filingStatus", "activity"}, {"transaction_code", "explanation"}),
        ("901013", {"year", "FilingStatus", "AGI", "status"}, {"Code", "Date", "Amount"}),
        ("901014", {"period", "filed", "agi", "data"}, {"tc", "posted_date"}),
    ],
)
def test_at_field_name_styles(
    case_id: str, record_keys: set[str], transaction_keys: set[str]
) -> None:
    record = _doc(case_id, "at")["at_records"][0]
    assert record_keys <= set(record)
    transactions_key = next(
        k for k in ("transactions", "activity", "account_activity", "data") if k in record
    )
    assert transaction_keys <= set(record[transactions_key][0])


def test_legacy_style_prints_codes_with_prefix_and_period_years() -> None:
    record = _doc("901014", "at")["at_records"][0]
    assert record["period"].endswith("12") and len(record["period"]) == 6
    assert all(t["tc"].startswith("TC ") for t in record["data"])


def test_wi_years_data_with_forms_objects_newest_first() -> None:
    years = _doc("902001", "wi")["years_data"]
    assert all(isinstance(value, dict) and value["forms"] for value in years.values())
    assert list(years) == sorted(years, reverse=True)


def test_wi_years_data_with_bare_arrays() -> None:
    years = _doc("902002", "wi")["years_data"]
    assert all(isinstance(value, list) and value for value in years.values())


@pytest.mark.parametrize(("case_id", "wrapper"), WI_FLAT_CASES.items())
def test_wi_flat_wrappers(case_id: str, wrapper: str) -> None:
    forms = _doc(case_id, "wi")[wrapper]
    assert isinstance(forms, list) and all("Year" in form for form in forms)


def test_wi_bare_array() -> None:
    assert isinstance(_doc("902008", "wi"), list)


@pytest.mark.parametrize(
    ("case_id", "keys"),
    [
        ("902011", {"Form", "Year", "Issuer", "Recipient", "Fields"}),
        ("902012", {"form_type", "tax_year", "gross_amount", "recipient_ssn"}),
        ("902013", {"formCode", "taxYear", "GrossAmount", "RecipientSSN"}),
        ("902014", {"Form", "TaxYear", "issuer", "recipient"}),
    ],
)
def test_wi_field_name_styles(case_id: str, keys: set[str]) -> None:
    first_year = next(iter(_doc(case_id, "wi")["years_data"].values()))
    assert keys <= set(first_year["forms"][0])


def test_wi_nested_form_object() -> None:
    form = next(iter(_doc("902014", "wi")["years_data"].values()))["forms"][0]
    assert set(form["Form"]) == {"Type", "Code"}


@pytest.mark.parametrize(("case_id", "wrapper"), TRT_WRAPPER_CASES.items())
def test_trt_wrappers(case_id: str, wrapper: str) -> None:
    assert _doc(case_id, "trt")[wrapper]


def test_trt_bare_array_and_space_separated_names() -> None:
    assert isinstance(_doc("903005", "trt"), list)
    line = _doc("903013", "trt")["records"][0]
    assert {"Form Number", "Tax Period Ending", "Primary SSN", "Sub Category"} <= set(line)


def test_trt_prints_negative_values_in_parentheses() -> None:
    values = [line["data"] for line in _doc("1295022", "trt")["records"]]
    assert any(value.startswith("$") for value in values)
    assert "Married Filing Jointly" in values


def test_interview_layouts() -> None:
    nested, flat = _doc("905001", "interview"), _doc("905002", "interview")
    assert "Result" in nested and isinstance(nested["income"]["taxpayerIncome"], dict)
    assert "irs_standards" in flat and "clientWages" in flat["income"]
    assert "clientMonthlyIncome" in flat["employment"]


def test_money_and_date_spellings_vary_within_a_case() -> None:
    transactions = [t for r in _doc("1295022", "at")["at_records"] for t in r["transactions"]]
    amounts = [t["amount"] for t in transactions]
    assert any(isinstance(a, float) for a in amounts)
    assert any(isinstance(a, str) and a.startswith("$") for a in amounts)
    assert any(isinstance(a, str) and (a.startswith("(") or a.startswith("-$")) for a in amounts)
    dates = {t["date"] for t in transactions}
    assert any("-" in d and d[2] == "-" for d in dates) and any("/" in d for d in dates)


def test_hazard_case_carries_each_hazard() -> None:
    at = _doc("907001", "at")["at_records"]
    assert at[0]["owner"] == "E"
    codes = {t["code"] for record in at for t in record["transactions"]}
    assert "TC 150" in codes and "971 AC 043" in codes
    years = _doc("907001", "wi")["years_data"]
    latest = max(years)
    forms = years[latest]["forms"]

    # The repeated W-2 is the same form, possibly printed with other spellings.
    def identity(form: dict[str, Any]) -> tuple[str, str, str]:
        income = re.sub(r"[^0-9]", "", f"{form.get('Income', '')}")
        return form["Issuer"]["ID"], form["Recipient"]["ID"], income.rstrip("0")

    assert identity(forms[0]) in [identity(form) for form in forms[1:]]
    assert any(form["Year"] != latest for form in forms)
    assert any(
        form["Form"] in ("W-2C", "W2C") for value in years.values() for form in value["forms"]
    )


def test_ordinary_case_ids_draw_variants_but_canonical_cases_are_pinned() -> None:
    wrappers = {profile_for(str(n)).at_wrapper for n in range(2_000_000, 2_000_200)}
    assert wrappers == {"at_records", "records", "data", "transactions", "bare"}
    assert profile_for("1295022") == profile_for("5550123")
    assert not profile_for("1295022").absent
