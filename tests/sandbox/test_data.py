"""The synthetic data itself: deterministic, realistic, covering every documented variant."""

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.data import (
    RESERVED_CASES,
    SOURCES,
    case_payloads,
    document,
    large_case,
    payload_bytes,
    records,
)

README = Path(__file__).parents[2] / "sandbox" / "README.md"
FULL_SSN = re.compile(r"(?<![\dX])(?!000)\d{3}-\d{2}-\d{4}(?!\d)")
TRANSACTIONS_KEYS = ("transactions", "activity", "account_activity", "data")


def _year_records(case_id: str) -> list[dict[str, Any]]:
    return list(records(case_id, "at"))


def _transactions(record: dict[str, Any]) -> list[dict[str, Any]]:
    return next(record[key] for key in TRANSACTIONS_KEYS if key in record)


def test_same_case_gives_identical_bytes_in_another_process() -> None:
    script = (
        "import hashlib, sys; from sandbox.data import case_payloads; p = case_payloads('1295022');"
        "print(hashlib.sha256(b'|'.join(p.body(s) or b'' for s in ('at','wi','trt','interview')))"
        ".hexdigest())"
    )
    env = {"PYTHONHASHSEED": "12345", "PATH": ""}
    digest = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=README.parents[1],
    ).stdout.strip()
    local = case_payloads("1295022")
    joined = b"|".join(local.body(s) or b"" for s in SOURCES)
    assert digest == hashlib.sha256(joined).hexdigest()


def test_different_cases_get_different_households() -> None:
    assert payload_bytes("1295022", "wi") != payload_bytes("5550123", "wi")


def test_revision_changes_every_body_but_keeps_the_household() -> None:
    first, second = case_payloads("1295022", 0), case_payloads("1295022", 1)
    for source in SOURCES:
        assert first.body(source) != second.body(source), source
    years = [r["tax_year"] for r in records("1295022", "at", 0)]
    assert [r["tax_year"] for r in records("1295022", "at", 1)] == years
    latest_before = _transactions(records("1295022", "at", 0)[-1])
    latest_after = _transactions(records("1295022", "at", 1)[-1])
    assert len(latest_after) == len(latest_before) + 3


def test_each_revision_posts_an_assessment_a_levy_notice_and_a_payment() -> None:
    before = _transactions(records("1295022", "at", 1)[-1])
    after = _transactions(records("1295022", "at", 2)[-1])
    # A later pull keeps what the earlier one showed and adds its own postings.
    added = [t for t in after if t not in before]
    assert before == [t for t in after if t in before]
    assert sorted(t["code"] for t in added) == ["290", "670", "971"]
    (levy,) = [t for t in added if t["code"] == "971"]
    assert "levy" in levy["description"]


def test_each_revision_adds_a_w2_and_a_1099_int_to_the_latest_year() -> None:
    def forms(revision: int) -> list[dict[str, Any]]:
        return records("1295022", "wi", revision)

    added = [f for f in forms(2) if f not in forms(1)]
    assert sorted(f["Form"] for f in added) == ["1099-INT", "W-2"]
    assert [f for f in forms(2) if f in forms(1)] == forms(1)


def test_canonical_case_has_several_years_with_dozens_of_transactions() -> None:
    years = _year_records("1295022")
    assert 3 <= len(years) <= 6
    counts = [len(_transactions(year)) for year in years]
    assert sum(counts) / len(counts) >= 12
    codes = {t["code"] for year in years for t in _transactions(year)}
    assert {"150", "806", "196", "276", "670"} <= codes


def test_transaction_codes_cover_the_documented_mix_across_cases() -> None:
    seen: set[str] = set()
    for number in range(1_000_000, 1_000_040):
        for year in _year_records(str(number)):
            for txn in _transactions(year):
                code = (
                    txn.get("code") or txn.get("Code") or txn.get("transaction_code") or txn["tc"]
                )
                seen.add(re.findall(r"\d+", code)[0])
    expected = {"150", "806", "276", "196", "670", "610", "290", "971", "520", "521", "480"}
    assert expected | {"481", "766", "846", "922"} <= seen


def test_levy_and_cdp_explanations_appear_on_971() -> None:
    explanations = {
        t["description"]
        for number in range(1_000_000, 1_000_010)
        for year in _year_records(str(number))
        if "transactions" in year
        for t in year["transactions"]
        if t.get("code") == "971"
    }
    assert any("levy" in text.lower() for text in explanations)


def test_wi_includes_spouse_forms_and_form_mix() -> None:
    forms = records("1295022", "wi")
    kinds = {form["Form"].upper().replace(" ", "-").replace("W2", "W-2") for form in forms}
    assert "W-2" in kinds and "1099-INT" in kinds
    assert any(form["Recipient"].get("TaxpayerType") == "spouse" for form in forms) or any(
        "1099" in form["Form"] and form["Category"] == "SE" for form in forms
    )


def test_single_filer_has_no_spouse() -> None:
    trt = records("906001", "trt")
    assert {line["spouse_ssn"] for line in trt} == {""}
    assert all(
        form["Recipient"].get("TaxpayerType") != "spouse" for form in records("906001", "wi")
    )


def test_no_payload_holds_a_realistic_full_ssn() -> None:
    for case_id in ("1295022", "5550123", "906001", "905002", "907001"):
        for source in SOURCES:
            body = (payload_bytes(case_id, source) or b"").decode()
            assert not FULL_SSN.search(body), (case_id, source)
    interview = json.loads(payload_bytes("1295022", "interview") or b"{}")
    assert interview["household"]["taxpayerSSN"].startswith("000-00-")


def test_large_case_has_documented_size() -> None:
    large = large_case("909000")
    at = json.loads(large.at or b"")
    assert len(at["at_records"]) == 30
    assert {len(year["transactions"]) for year in at["at_records"]} == {200}
    wi = json.loads(large.wi or b"")
    assert sum(len(year["forms"]) for year in wi["years_data"].values()) == 2000
    interview = json.loads(large.interview or b"")
    assert len(interview["assets"]["vehicles"]["vehiclesGrid"]) == 4
    assert large.at == payload_bytes("909000", "at")


def test_absent_sources_have_no_document() -> None:
    assert document("904001", "trt") is None
    assert document("904077", "trt") is None
    assert document("904101", "at") is None
    assert document("904201", "wi") is None
    assert document("904301", "interview") is None
    assert document("904301", "at") is not None


def test_every_reserved_case_id_is_documented() -> None:
    text = README.read_text()
    documented = set(re.findall(r"`(\d{6,7})`", text))
    ranges = re.findall(r"`(\d{6})` … `(\d{6})`", text)
    for low, high in ranges:
        documented |= {str(n) for n in range(int(low), int(high) + 1)}
    assert set(RESERVED_CASES) <= documented


@settings(max_examples=25, deadline=None)
@given(st.from_regex(r"[1-9][0-9]{0,11}", fullmatch=True))
def test_any_case_id_gives_stable_json(case_id: str) -> None:
    for source in SOURCES:
        body = payload_bytes(case_id, source)
        if body is None:
            continue
        assert json.loads(body) == document(case_id, source)
        assert payload_bytes.__wrapped__(case_id, source, 0) == body
