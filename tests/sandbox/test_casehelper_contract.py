"""CaseHelper's contract over loopback HTTP (DOMAIN 1.3.1, 1.3.2)."""

from collections.abc import Iterator
from http.cookies import SimpleCookie

import httpx
import pytest

from sandbox.admin_client import SandboxAdmin
from sandbox.data import payload_bytes
from sandbox.settings import SandboxSettings
from tests.sandbox.helpers import DEFAULTS, LOGIN_A, interview, login_cookie
from tests.support.polling import eventually
from tests.support.sandbox_server import run_in_thread

LOGIN_B = LOGIN_A["credentials"]


async def test_login_variant_a_returns_cookies_in_body_and_headers(
    http: httpx.AsyncClient, casehelper: str
) -> None:
    response = await http.post(f"{casehelper}/v2/auth/login", json=LOGIN_A)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == 200 and set(body["cookies"]) == {"session", "csrftoken"}
    set_cookies = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):
        set_cookies.load(header)
    assert set_cookies["session"].value == body["cookies"]["session"]
    assert "lb_affinity" in set_cookies


async def test_login_variant_b_is_accepted(http: httpx.AsyncClient, casehelper: str) -> None:
    response = await http.post(f"{casehelper}/v2/auth/login", json=LOGIN_B)
    assert response.status_code == 200 and response.json()["cookies"]["session"]


async def test_each_login_gets_a_new_opaque_session(
    http: httpx.AsyncClient, casehelper: str
) -> None:
    first, second = await login_cookie(http, casehelper), await login_cookie(http, casehelper)
    assert first != second
    assert DEFAULTS.casehelper_username not in first


@pytest.mark.parametrize(
    "body",
    [
        {"credentials": {"username": DEFAULTS.casehelper_username, "password": "nope"}},
        {"username": "someone-else", "password": DEFAULTS.casehelper_password},
    ],
)
async def test_bad_credentials_are_401(
    http: httpx.AsyncClient, casehelper: str, body: dict[str, object]
) -> None:
    response = await http.post(f"{casehelper}/v2/auth/login", json=body)
    assert response.status_code == 401
    assert "cookies" not in response.json()


async def test_login_without_credentials_is_422(http: httpx.AsyncClient, casehelper: str) -> None:
    response = await http.post(f"{casehelper}/v2/auth/login", json={"user": "x"})
    assert response.status_code == 422


async def test_interview_requires_a_session(http: httpx.AsyncClient, casehelper: str) -> None:
    assert (await interview(http, casehelper, "1295022", None)).status_code == 401
    assert (await interview(http, casehelper, "1295022", "session=forged")).status_code == 401
    cookie = await login_cookie(http, casehelper)
    response = await interview(http, casehelper, "1295022", cookie)
    assert response.status_code == 200
    assert response.content == payload_bytes("1295022", "interview")


async def test_case_without_interview_is_404(http: httpx.AsyncClient, casehelper: str) -> None:
    cookie = await login_cookie(http, casehelper)
    assert (await interview(http, casehelper, "904301", cookie)).status_code == 404


async def test_expired_sessions_are_refused(
    http: httpx.AsyncClient, casehelper: str, admin: SandboxAdmin
) -> None:
    cookie = await login_cookie(http, casehelper)
    assert await admin.expire_sessions() == 1
    assert (await interview(http, casehelper, "1295022", cookie)).status_code == 401


@pytest.fixture(scope="module")
def keyed_casehelper() -> Iterator[str]:
    with run_in_thread(SandboxSettings(casehelper_api_key="sandbox-casehelper-key")) as base_url:
        yield f"{base_url}/casehelper"


@pytest.fixture(scope="module")
def short_session_casehelper() -> Iterator[str]:
    with run_in_thread(SandboxSettings(session_lifetime_s=0.5)) as base_url:
        yield f"{base_url}/casehelper"


async def test_configured_api_key_is_required_on_data_calls(
    http: httpx.AsyncClient, keyed_casehelper: str
) -> None:
    cookie = await login_cookie(http, keyed_casehelper)
    assert (await interview(http, keyed_casehelper, "1295022", cookie)).status_code == 403
    response = await http.get(
        f"{keyed_casehelper}/api/cases/1295022/interview",
        headers={"Cookie": cookie, "X-API-Key": "sandbox-casehelper-key"},
    )
    assert response.status_code == 200


async def test_sessions_expire_after_their_lifetime(
    http: httpx.AsyncClient, short_session_casehelper: str
) -> None:
    cookie = await login_cookie(http, short_session_casehelper)
    response = await eventually(
        lambda: interview(http, short_session_casehelper, "1295022", cookie),
        lambda answer: answer.status_code != 200,
        timeout_s=30,
    )
    assert response.status_code == 401
