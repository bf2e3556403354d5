"""Caller input is checked at the edge: nothing a caller sends can wedge a case (issue 8.1, 8.9)."""

import json

import httpx
import pytest

from api.schemas import ExtractRequest

BAD_TEXT = [
    pytest.param("CASE-\u0000-1", id="nul"),
    pytest.param("CASE-\ud800", id="lone-surrogate"),
    pytest.param("CASE-\u0007", id="control-char"),
    pytest.param("CASE-\u202e", id="bidi-override"),
    # Within the body limit (a larger body is a 413 before it is read: test_api_access.py).
    pytest.param("C" * 10_000, id="ten-thousand-chars"),
]


def _json_body(payload: dict[str, object]) -> bytes:
    # json.dumps escapes lone surrogates as \ud800, which is what a caller can send.
    return json.dumps(payload).encode()


@pytest.mark.parametrize("case_number", BAD_TEXT)
async def test_a_bad_case_number_in_the_body_is_422(
    api: httpx.AsyncClient, new_case_id: str, case_number: str
) -> None:
    response = await api.post(
        "/api/extract",
        content=_json_body({"case_id": new_case_id, "case_number": case_number}),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 422, response.text
    assert "case_number" in response.text
    assert (await api.get(f"/api/cases/{new_case_id}/status")).status_code == 404


@pytest.mark.parametrize("case_number", ["CASE-\u0000-1", "CASE-\u0007", "C" * 10_000])
async def test_a_bad_case_number_in_the_query_is_422(
    api: httpx.AsyncClient, new_case_id: str, case_number: str
) -> None:
    response = await api.post(
        f"/api/cases/{new_case_id}/extract", params={"case_number": case_number}
    )

    assert response.status_code == 422, response.text
    assert (await api.get(f"/api/cases/{new_case_id}/status")).status_code == 404


def test_a_case_number_with_ordinary_unicode_is_accepted_as_is() -> None:
    body = ExtractRequest(case_id="1295022", case_number="Müller – Ærø 2024")

    assert body.case_number == "Müller – Ærø 2024"


@pytest.mark.parametrize("field", ["fetch", "async_mode"])
@pytest.mark.parametrize("value", [0, 1, "no", "yes", "false", "0", None])
async def test_body_booleans_are_strict(
    api: httpx.AsyncClient, new_case_id: str, field: str, value: object
) -> None:
    response = await api.post("/api/extract", json={"case_id": new_case_id, field: value})

    assert response.status_code == 422, response.text
    assert field in response.text


@pytest.mark.parametrize("field", ["fetch", "async_mode"])
@pytest.mark.parametrize("value", ["0", "1", "no", "yes", "off", "on", ""])
async def test_query_booleans_are_true_or_false_only(
    api: httpx.AsyncClient, new_case_id: str, field: str, value: str
) -> None:
    response = await api.post(f"/api/cases/{new_case_id}/extract", params={field: value})

    assert response.status_code == 422, response.text
    assert field in response.text


@pytest.mark.parametrize("reason", BAD_TEXT)
async def test_a_bad_cancel_reason_is_422(
    api: httpx.AsyncClient, new_case_id: str, reason: str
) -> None:
    response = await api.post(
        f"/api/cases/{new_case_id}/cancel",
        content=_json_body({"reason": reason}),
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 422, response.text
    assert "reason" in response.text


@pytest.mark.parametrize("value", [0, "no", None])
async def test_the_batch_fetch_flag_is_strict(
    api: httpx.AsyncClient, new_case_id: str, value: object
) -> None:
    response = await api.post(
        "/api/extract/batch", json={"case_ids": [new_case_id], "fetch": value}
    )

    assert response.status_code == 422, response.text
    assert "fetch" in response.text
