"""Revisions, the request log, state reset and the thread server."""

import socket

import httpx

from sandbox.admin_client import SandboxAdmin
from tests.sandbox.helpers import KEY_HEADERS, analysis, interview, login_cookie
from tests.support.sandbox_server import run_in_thread


async def test_revision_bump_changes_the_payload_and_is_stable_after(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    before = (await analysis(http, tiparser, "at", "1295022")).content
    assert await admin.bump_revision("1295022") == 1
    after = (await analysis(http, tiparser, "at", "1295022")).content
    assert after != before
    assert (await analysis(http, tiparser, "at", "1295022")).content == after
    other = (await analysis(http, tiparser, "at", "5550123")).content
    await admin.reset()
    assert (await analysis(http, tiparser, "at", "1295022")).content == before
    assert (await analysis(http, tiparser, "at", "5550123")).content == other


async def test_request_log_records_presence_of_credentials_not_values(
    http: httpx.AsyncClient, tiparser: str, casehelper: str, admin: SandboxAdmin
) -> None:
    await analysis(http, tiparser, "at", "1295022")
    await http.get(f"{tiparser}/analysis/wi/1295022")
    cookie = await login_cookie(http, casehelper)
    await interview(http, casehelper, "1295022", cookie)
    logged = await admin.requests("1295022")
    assert [(e["method"], e["path"], e["status"]) for e in logged] == [
        ("GET", "/tiparser/analysis/at/1295022", 200),
        ("GET", "/tiparser/analysis/wi/1295022", 403),
        ("GET", "/casehelper/api/cases/1295022/interview", 200),
    ]
    assert [e["has_api_key"] for e in logged] == [True, False, False]
    assert logged[2]["has_cookie"] and logged[2]["cookie_names"] == ["session", "csrftoken"]
    everything = str(await admin.requests())
    assert KEY_HEADERS["x-api-key"] not in everything
    assert cookie.split(";")[0].split("=")[1] not in everything
    assert any(e["source"] == "login" for e in await admin.requests())


async def test_request_log_names_the_fault_that_answered(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    fault_id = await admin.add_fault("status", status=503, times=1)
    await analysis(http, tiparser, "trt", "5550123")
    [entry] = await admin.requests("5550123")
    assert entry["fault_id"] == fault_id and entry["status"] == 503


async def test_describe_case_shows_variants(admin: SandboxAdmin) -> None:
    described = await admin.describe_case("904001")
    assert described["profile"]["absent"] == ["trt"]
    assert described["revision"] == 0


def test_run_in_thread_stops_and_frees_the_port() -> None:
    with run_in_thread() as base_url:
        port = int(base_url.rsplit(":", 1)[1])
        assert httpx.get(f"{base_url}/_sandbox/health").status_code == 200
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


async def test_pinned_profile_serves_a_fresh_case_id_as_asked(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    described = await admin.pin_profile("4242424242", absent=["trt"], at_wrapper="records")
    assert described["pinned"] and described["profile"]["absent"] == ["trt"]
    assert (await analysis(http, tiparser, "trt", "4242424242")).status_code == 404
    assert "records" in (await analysis(http, tiparser, "at", "4242424242")).json()
    await admin.reset()
    assert not (await admin.describe_case("4242424242"))["pinned"]


async def test_pinning_without_changes_gives_the_canonical_shapes(
    http: httpx.AsyncClient, tiparser: str, admin: SandboxAdmin
) -> None:
    await admin.pin_profile("4242424243")
    for kind, wrapper in (("at", "at_records"), ("wi", "years_data"), ("trt", "records")):
        assert wrapper in (await analysis(http, tiparser, kind, "4242424243")).json()


async def test_unknown_profile_value_is_rejected(http: httpx.AsyncClient, sandbox_url: str) -> None:
    url = f"{sandbox_url}/_sandbox/cases/4242424244/profile"
    assert (await http.put(url, json={"at_wrapper": "nonsense"})).status_code == 422
