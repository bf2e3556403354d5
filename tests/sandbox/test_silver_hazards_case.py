"""Case 907002: the canonical household plus records Silver must quarantine or warn about.

Everything the case adds is listed here by hand; the rest must be exactly what the canonical
profile gives the same case id.
"""

import copy
import re
from dataclasses import replace
from typing import Any

import httpx

from sandbox.admin_client import SandboxAdmin
from sandbox.data import SOURCES, Source, document, payload_bytes, profile_for
from sandbox.data.profiles import CANONICAL
from tests.sandbox.helpers import analysis

CASE = "907002"
FULL_SSN = re.compile(r"(?<![\dX])(?!000)\d{3}-\d{2}-\d{4}(?!\d)")


def _txn(code: str, day: str | None, amount: str, text: str) -> dict[str, str]:
    row = {"code": code, "date": day, "amount": amount, "description": text}
    return {key: value for key, value in row.items() if value is not None}


ADDED_2023_TRANSACTIONS = [
    _txn("290", "02/02/2025", "$1,234.50", "Additional tax assessed"),
    _txn("670", "02/09/2025", "(1,500.00)", "Payment"),
    _txn("582", "02/10/2025", "", "Federal tax lien filed"),
    _txn("670", "02/16/2025", "-$500.00", "Payment"),
    _txn("999", "02/20/2025", "$25.00", "Miscellaneous transaction"),
    _txn("670", "02/23/2025", "-1,5O0.00", "Payment"),
    _txn("670", None, "-$250.00", "Payment"),  # no date
    _txn("PMT", "02/27/2025", "-$250.00", "Payment"),
]


def _doc(source: Source, canonical: bool = False) -> Any:
    found = document(CASE, source, profile=CANONICAL if canonical else None)
    assert found is not None
    return found


def test_profile_is_canonical_plus_the_silver_hazards() -> None:
    assert profile_for(CASE) == replace(CANONICAL, silver_hazards=True)


def test_at_is_the_canonical_records_plus_the_hazards() -> None:
    served, canonical = _doc("at"), _doc("at", canonical=True)
    base = canonical["at_records"]
    assert [r["tax_year"] for r in base] == ["2020", "2021", "2022", "2023"]
    records = served["at_records"]
    assert len(records) == 6
    no_year, bad_year = records[0], records[1]
    assert not {"tax_year", "taxYear", "year", "period"} & set(no_year)
    assert no_year == {
        **{k: v for k, v in base[3].items() if k != "tax_year"},
        "source_file": "AT.pdf",
    }
    assert bad_year == {**base[3], "tax_year": "20233"}

    expected = copy.deepcopy(base)
    expected[1]["owner"] = "P"
    expected[2]["AGI"] = "$1,000.00"
    expected[3]["transactions"] += ADDED_2023_TRANSACTIONS
    assert records[2:] == expected
    assert {k: v for k, v in served.items() if k != "at_records"} == {
        k: v for k, v in canonical.items() if k != "at_records"
    }


def test_wi_is_the_canonical_forms_with_forced_spellings_and_an_unknown_form() -> None:
    served, canonical = _doc("wi"), _doc("wi", canonical=True)
    expected = copy.deepcopy(canonical)
    years = expected["years_data"]
    assert (years["2023"]["forms"][0]["Form"], years["2020"]["forms"][1]["Form"]) == (
        "W-2",
        "1099-NEC",
    )
    years["2023"]["forms"][0]["Form"] = "W2"
    years["2020"]["forms"][1]["Form"] = "1099 NEC"
    added = served["years_data"]["2023"]["forms"][-1]
    years["2023"]["forms"].append(added)
    assert served == expected
    assert added["Form"] == "1098-Z" and added["Year"] == "2023"
    assert added["Income"] == "8,423.17" and added["Recipient"]["ID"] == "XXX-XX-3795"
    assert served["years_data"]["2021"]["forms"][1]["Form"] == "1099 NEC"


def test_trt_and_interview_are_the_canonical_bodies() -> None:
    sources: tuple[Source, ...] = ("trt", "interview")
    for source in sources:
        assert payload_bytes(CASE, source) == payload_bytes(CASE, source, 0, CANONICAL)


def test_no_full_ssn_anywhere() -> None:
    for source in SOURCES:
        body = (payload_bytes(CASE, source) or b"").decode()
        assert body and not FULL_SSN.search(body), source


async def test_served_over_http_and_pinnable_on_another_case_id(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    served = await analysis(http, tiparser, "at", CASE)
    assert served.content == payload_bytes(CASE, "at")
    described = await admin.pin_profile("4242424243", silver_hazards=True)
    assert described["profile"]["silver_hazards"] is True
    pinned = (await analysis(http, tiparser, "at", "4242424243")).json()["at_records"]
    assert "tax_year" not in pinned[0] and pinned[1]["tax_year"] == "20233"
    assert [t["code"] for t in pinned[-1]["transactions"][-2:]] == ["670", "PMT"]
