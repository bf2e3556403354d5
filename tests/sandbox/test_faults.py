"""Fault injection through the admin API: every kind, and how faults match and wear out."""

import json
import time

import httpx
import pytest

from sandbox.admin_client import SandboxAdmin
from sandbox.faults import FaultSource
from tests.sandbox.helpers import KEY_HEADERS, analysis, interview, login_cookie


async def test_latency_delays_then_answers_normally(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("latency", case_id="1295022", source="at", delay_s=0.3, times=1)
    started = time.monotonic()
    response = await analysis(http, tiparser, "at", "1295022")
    assert time.monotonic() - started >= 0.3
    assert response.status_code == 200 and response.json()["at_records"]


@pytest.mark.parametrize("status", [500, 502, 503, 404, 403, 408])
async def test_status_fault_answers_that_status(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin, status: int
) -> None:
    await admin.add_fault("status", source="wi", status=status, times=1)
    assert (await analysis(http, tiparser, "wi", "1295022")).status_code == status
    assert (await analysis(http, tiparser, "wi", "1295022")).status_code == 200


async def test_status_fault_with_text_body(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", source="at", status=502, body="upstream down")
    response = await analysis(http, tiparser, "at", "1295022")
    assert response.text == "upstream down"
    assert response.headers["content-type"].startswith("text/plain")


async def test_rate_limit_sends_retry_after(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("rate_limit", source="trt", retry_after_s=7)
    response = await analysis(http, tiparser, "trt", "1295022")
    assert response.status_code == 429 and response.headers["retry-after"] == "7"


async def test_session_expired_on_tiparser_is_500_authentication_required(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("session_expired", source="at")
    response = await analysis(http, tiparser, "at", "1295022")
    assert response.status_code == 500
    assert response.json() == {"detail": "Authentication required"}


async def test_session_expired_on_casehelper_is_401_on_a_valid_session(
    http: httpx.AsyncClient, casehelper: str, admin: SandboxAdmin
) -> None:
    cookie = await login_cookie(http, casehelper)
    await admin.add_fault("session_expired", source="interview", times=1)
    assert (await interview(http, casehelper, "1295022", cookie)).status_code == 401
    assert (await interview(http, casehelper, "1295022", cookie)).status_code == 200


async def test_malformed_json_claims_json_but_does_not_parse(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("malformed_json", source="at")
    response = await analysis(http, tiparser, "at", "1295022")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_non_json_is_an_html_page(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("non_json", source="wi")
    response = await analysis(http, tiparser, "wi", "1295022")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.lstrip().startswith("<!DOCTYPE html>")


async def test_unknown_wrapper_keeps_records_under_an_unknown_key(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("unknown_wrapper", source="at")
    body = (await analysis(http, tiparser, "at", "1295022")).json()
    assert body["results"] and "tax_year" in body["results"][0]
    assert not {"at_records", "records", "data", "transactions"} & set(body)


@pytest.mark.parametrize(
    ("source", "expected"),
    [("at", {"at_records": []}), ("wi", {"years_data": {}}), ("trt", {"records": []})],
)
async def test_empty_has_zero_records(
    http: httpx.AsyncClient,
    tiparser: str,
    admin: SandboxAdmin,
    source: FaultSource,
    expected: dict[str, object],
) -> None:
    await admin.add_fault("empty", source=source)
    body = (await analysis(http, tiparser, source, "1295022")).json()
    assert body == {"case_id": "1295022", **expected}


async def test_empty_interview_has_no_sections(
    http: httpx.AsyncClient, casehelper: str, admin: SandboxAdmin
) -> None:
    cookie = await login_cookie(http, casehelper)
    await admin.add_fault("empty", source="interview")
    assert (await interview(http, casehelper, "1295022", cookie)).json() == {"case_id": "1295022"}


async def test_method_not_allowed_refuses_get_but_serves_post(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("method_not_allowed", source="at", times=1)
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 405
    # The fault wears out only on GET, so a fresh fault still answers the next GET with 405.
    await admin.add_fault("method_not_allowed", source="at", times=1)
    assert (await analysis(http, tiparser, "at", "1295022", method="POST")).status_code == 200
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 405


async def test_login_fault_applies_to_login(
    http: httpx.AsyncClient, casehelper: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", source="login", status=422, times=1)
    with pytest.raises(httpx.HTTPStatusError):
        await login_cookie(http, casehelper)
    assert await login_cookie(http, casehelper)


async def test_health_fault(http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin) -> None:
    await admin.add_fault("status", source="health", status=503, times=1)
    assert (await http.get(f"{tiparser}/health", headers=KEY_HEADERS)).status_code == 503


async def test_fault_for_one_case_leaves_others_alone(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", case_id="1295022", status=503)
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 503
    assert (await analysis(http, tiparser, "wi", "1295022")).status_code == 503
    assert (await analysis(http, tiparser, "at", "5550123")).status_code == 200


async def test_fault_acts_before_credentials(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", status=503, times=1)
    response = await http.get(f"{tiparser}/analysis/at/1295022")
    assert response.status_code == 503


async def test_times_wears_out_and_listing_shows_remaining(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    fault_id = await admin.add_fault("status", source="at", status=502, times=2)
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 502
    [listed] = await admin.faults()
    assert listed["fault_id"] == fault_id and listed["remaining"] == 1 and listed["hits"] == 1
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 502
    assert await admin.faults() == []
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 200


async def test_faults_can_be_deleted_one_by_one_or_all(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    first = await admin.add_fault("status", source="at", status=503)
    await admin.add_fault("status", source="wi", status=503)
    await admin.delete_fault(first)
    assert (await analysis(http, tiparser, "at", "1295022")).status_code == 200
    assert (await analysis(http, tiparser, "wi", "1295022")).status_code == 503
    await admin.clear_faults()
    assert (await analysis(http, tiparser, "wi", "1295022")).status_code == 200
    with pytest.raises(httpx.HTTPStatusError):
        await admin.delete_fault(first)


async def test_invalid_fault_spec_is_rejected(http: httpx.AsyncClient, sandbox_url: str) -> None:
    response = await http.post(f"{sandbox_url}/_sandbox/faults", json={"kind": "explode"})
    assert response.status_code == 422
