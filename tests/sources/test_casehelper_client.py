"""CaseHelperClient against the sandbox over loopback HTTP: session handling and error mapping."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from medallion.sources.casehelper import CaseHelperClient
from medallion.sources.errors import SourceError
from medallion.sources.tiparser import TiParserClient
from sandbox.admin_client import SandboxAdmin
from sandbox.data import payload_bytes
from sandbox.faults import FaultKind
from sandbox.settings import SandboxSettings
from tests.sources.conftest import SANDBOX
from tests.support.sandbox_server import run_in_thread

INTERVIEW_PATH = "/casehelper/api/cases/1295022/interview"
LOGIN_PATH = "/casehelper/v2/auth/login"


def _client(
    base_url: str,
    http: httpx.AsyncClient,
    *,
    password: str = SANDBOX.casehelper_password,
    api_key: str | None = None,
    timeout_s: float = 5,
    session_max_age_s: float = 3600,
) -> CaseHelperClient:
    return CaseHelperClient(
        f"{base_url}/casehelper",
        SANDBOX.casehelper_username,
        password,
        "transcript_pipeline",
        api_key,
        http,
        timeout_s=timeout_s,
        session_max_age_s=session_max_age_s,
    )


async def _failure(client: CaseHelperClient, case_id: str = "1295022") -> SourceError:
    with pytest.raises(SourceError) as raised:
        await client.fetch_interview(case_id)
    return raised.value


async def _calls(admin: SandboxAdmin) -> list[tuple[str, int]]:
    return [(entry["path"], entry["status"]) for entry in await admin.requests()]


async def test_logs_in_then_fetches_with_merged_cookies(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    response = await casehelper.fetch_interview("1295022")
    assert response.body == payload_bytes("1295022", "interview")
    assert (response.source, response.source_system, response.method) == (
        "interview",
        "casehelper",
        "GET",
    )
    login, fetch = await admin.requests()
    assert (login["path"], login["status"]) == (LOGIN_PATH, 200)
    # session and csrftoken come from the body, lb_affinity only from Set-Cookie.
    assert sorted(fetch["cookie_names"]) == ["csrftoken", "lb_affinity", "session"]
    assert fetch["has_json_accept"] and not fetch["has_api_key"]


async def test_session_is_reused_across_calls(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await casehelper.fetch_interview("1295022")
    await casehelper.fetch_interview("5550123")
    paths = [path for path, _ in await _calls(admin)]
    assert paths.count(LOGIN_PATH) == 1


async def test_concurrent_fetches_share_one_login(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await asyncio.gather(*(casehelper.fetch_interview("1295022") for _ in range(5)))
    paths = [path for path, _ in await _calls(admin)]
    assert paths.count(LOGIN_PATH) == 1 and paths.count(INTERVIEW_PATH) == 5


async def test_session_older_than_its_max_age_is_replaced(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    client = _client(sandbox_url, http, session_max_age_s=0)
    await client.fetch_interview("1295022")
    await client.fetch_interview("1295022")
    assert [path for path, _ in await _calls(admin)].count(LOGIN_PATH) == 2


async def test_login_falls_back_to_the_flat_body_on_422(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", source="login", status=422, times=1)
    await casehelper.fetch_interview("1295022")
    assert await _calls(admin) == [(LOGIN_PATH, 422), (LOGIN_PATH, 200), (INTERVIEW_PATH, 200)]


async def test_401_logs_in_again_and_retries_once(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await casehelper.fetch_interview("1295022")
    await admin.expire_sessions()
    response = await casehelper.fetch_interview("1295022")
    assert response.status == 200
    assert (await _calls(admin))[2:] == [
        (INTERVIEW_PATH, 401),
        (LOGIN_PATH, 200),
        (INTERVIEW_PATH, 200),
    ]


async def test_5xx_saying_authentication_required_also_renews_the_session(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    body = '{"detail": "Authentication required"}'
    await admin.add_fault("status", source="interview", status=500, body=body, times=1)
    assert (await casehelper.fetch_interview("1295022")).status == 200
    assert [path for path, _ in await _calls(admin)].count(LOGIN_PATH) == 2


async def test_second_401_is_an_auth_error(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("session_expired", source="interview", times=2)
    error = await _failure(casehelper)
    assert error.outcome == "auth_error" and error.http_status == 401 and not error.retryable
    # The login worked both times: the message must not blame the credentials.
    assert "refused the session again right after a successful login" in str(error)
    assert "CASEHELPER_PASSWORD" not in str(error)
    assert [path for path, _ in await _calls(admin)].count(INTERVIEW_PATH) == 2


async def test_bad_credentials_are_an_auth_error_without_fetching(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    error = await _failure(_client(sandbox_url, http, password="not-the-password"))
    assert error.outcome == "auth_error" and error.http_status == 401
    assert str(error) == (
        "CaseHelper refused the login for case 1295022 (401 Unauthorized): "
        "check CASEHELPER_USERNAME / CASEHELPER_PASSWORD"
    )
    assert await _calls(admin) == [(LOGIN_PATH, 401)]


async def test_login_without_cookies_is_a_contract_error(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("empty", source="login")
    error = await _failure(casehelper)
    assert error.outcome == "contract_error" and "no session cookie" in str(error)


async def test_login_outage_is_transient(casehelper: CaseHelperClient, admin: SandboxAdmin) -> None:
    await admin.add_fault("status", source="login", status=503)
    error = await _failure(casehelper)
    assert error.outcome == "transient_error" and error.http_status == 503


async def test_case_without_interview_is_absent(casehelper: CaseHelperClient) -> None:
    error = await _failure(casehelper, "904301")
    assert error.outcome == "absent" and error.http_status == 404


async def test_405_is_repeated_once_as_post(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("method_not_allowed", source="interview")
    response = await casehelper.fetch_interview("1295022")
    assert response.method == "POST" and response.status == 200


async def test_429_is_transient_with_retry_after(
    casehelper: CaseHelperClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("rate_limit", source="interview", retry_after_s=3)
    error = await _failure(casehelper)
    assert error.outcome == "transient_error" and error.retry_after_s == 3.0


async def test_503_is_transient(casehelper: CaseHelperClient, admin: SandboxAdmin) -> None:
    await admin.add_fault("status", source="interview", status=503)
    assert (await _failure(casehelper)).outcome == "transient_error"


async def test_timeout_is_transient(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("latency", source="interview", delay_s=0.5, times=1)
    error = await _failure(_client(sandbox_url, http, timeout_s=0.1))
    assert error.outcome == "transient_error" and "CASEHELPER_TIMEOUT_S" in str(error)


async def test_connection_refused_is_transient(http: httpx.AsyncClient, refused_url: str) -> None:
    error = await _failure(_client(refused_url, http))
    assert error.outcome == "transient_error" and "CASEHELPER_API_URL" in str(error)


@pytest.fixture(scope="module")
def keyed_sandbox() -> Iterator[str]:
    with run_in_thread(SandboxSettings(casehelper_api_key="sandbox-casehelper-key")) as base_url:
        yield base_url


async def test_api_key_is_sent_when_configured(keyed_sandbox: str, http: httpx.AsyncClient) -> None:
    client = _client(keyed_sandbox, http, api_key="sandbox-casehelper-key")
    assert (await client.fetch_interview("1295022")).status == 200


async def test_missing_api_key_is_an_auth_error(
    keyed_sandbox: str, http: httpx.AsyncClient
) -> None:
    error = await _failure(_client(keyed_sandbox, http))
    assert error.outcome == "auth_error" and error.http_status == 403
    assert "set CASEHELPER_API_KEY" in str(error)


async def test_session_cookie_does_not_leak_through_a_shared_plain_client(
    sandbox_url: str, admin: SandboxAdmin
) -> None:
    async with httpx.AsyncClient() as plain:
        await _client(sandbox_url, plain).fetch_interview("1295022")
        await TiParserClient(f"{sandbox_url}/tiparser", SANDBOX.tiparser_api_key, plain).health()
        assert len(plain.cookies) == 0
    health = (await admin.requests())[-1]
    assert health["path"] == "/tiparser/health" and not health["has_cookie"]


async def test_no_secret_in_any_error(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    client = _client(sandbox_url, http)
    await client.fetch_interview("1295022")
    session_cookie = client._session.cookie_header if client._session else ""
    errors = []
    kinds: list[FaultKind] = ["session_expired", "rate_limit", "status"]
    for kind in kinds:
        await admin.add_fault(kind, source="interview", times=2)
        errors.append(await _failure(client))
        await admin.clear_faults()
    errors.append(await _failure(_client(sandbox_url, http, password="wrong-secret-pass")))
    cookie_values = [pair.split("=", 1)[1] for pair in session_cookie.split("; ")]
    assert cookie_values
    secrets = [SANDBOX.casehelper_password, "wrong-secret-pass", *cookie_values]
    for error in errors:
        for secret in secrets:
            assert secret not in str(error) and secret not in repr(error)
