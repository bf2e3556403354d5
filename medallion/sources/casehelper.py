"""CaseHelper client (DOMAIN 1.3): cookie-session login and the interview."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx

from medallion.sources.errors import SourceError
from medallion.sources.failures import CallDescription, failure_for_status, send
from medallion.sources.models import SourceResponse
from medallion.sources.transport import (
    forget_response_cookies,
    reason,
    reports_auth_failure,
    require_case_id,
    safe_url,
    set_cookie_pairs,
)

SESSION_MAX_AGE_S = 3600.0
CREDENTIALS_HINT = "check CASEHELPER_USERNAME / CASEHELPER_PASSWORD"


@dataclass(frozen=True)
class _Session:
    cookie_header: str
    obtained_at: float  # time.monotonic()


class CaseHelperClient:
    """Logs in on first use, keeps the session for at most an hour, renews it once on a 401."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        app_type: str,
        api_key: str | None,
        http: httpx.AsyncClient,
        timeout_s: float = 60,
        session_max_age_s: float = SESSION_MAX_AGE_S,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._username = username
        self._password = password
        self._app_type = app_type
        self._api_key = api_key
        self._http = http
        self._timeout_s = timeout_s
        self._session_max_age_s = session_max_age_s
        self._session: _Session | None = None
        self._login_lock = asyncio.Lock()

    def _describe(self, what: str, case_id: str) -> CallDescription:
        return CallDescription(
            system="CaseHelper",
            what=what,
            case_id=case_id,
            base_url=self._base_url,
            timeout_s=self._timeout_s,
            url_setting="CASEHELPER_API_URL",
            timeout_setting="CASEHELPER_TIMEOUT_S",
            forbidden=(
                f"CaseHelper rejected the request (403) for the {what} of case {case_id}: "
                "set CASEHELPER_API_KEY"
            ),
            # Reached only after a renewal: the login itself succeeded, the credentials work.
            unauthenticated=(
                f"CaseHelper refused the session again right after a successful login, for the "
                f"{what} of case {case_id}: its sessions end at once; retry the case later and "
                "report it to CaseHelper's operators if it persists"
            ),
        )

    async def fetch_interview(self, case_id: str) -> SourceResponse:
        require_case_id(case_id)
        call = self._describe("interview", case_id)
        url = f"{self._base_url}/api/cases/{case_id}/interview"
        session = await self._valid_session(case_id)
        response, method = await self._get(call, url, session)
        if reports_auth_failure(response):
            # The session expired early: log in once more and retry once (DOMAIN 1.3.1).
            session = await self._renewed_session(case_id, stale=session)
            response, method = await self._get(call, url, session)
        if not response.is_success:
            raise failure_for_status(call, response)
        return SourceResponse(
            source="interview",
            source_system="casehelper",
            method=method,
            url=safe_url(url),
            status=response.status_code,
            content_type=response.headers.get("content-type"),
            body=response.content,
        )

    async def _get(
        self, call: CallDescription, url: str, session: _Session
    ) -> tuple[httpx.Response, str]:
        headers = {"Accept": "application/json", "Cookie": session.cookie_header}
        if self._api_key:
            headers["X-API-Key"] = self._api_key
        response = await send(self._http, call, "GET", url, headers=headers)
        if response.status_code != 405:
            return response, "GET"
        headers["Content-Type"] = "application/json"
        return await send(self._http, call, "POST", url, headers=headers, json={}), "POST"

    def _fresh(self, session: _Session | None) -> bool:
        if session is None:
            return False
        return time.monotonic() - session.obtained_at < self._session_max_age_s

    async def _valid_session(self, case_id: str) -> _Session:
        session = self._session
        if session is not None and self._fresh(session):
            return session
        async with self._login_lock:
            # Another task may have logged in while this one waited for the lock.
            if self._session is not None and self._fresh(self._session):
                return self._session
            self._session = None
            self._session = await self._login(case_id)
            return self._session

    async def _renewed_session(self, case_id: str, stale: _Session) -> _Session:
        async with self._login_lock:
            current = self._session
            if current is not None and current is not stale and self._fresh(current):
                return current
            self._session = None
            self._session = await self._login(case_id)
            return self._session

    async def _login(self, case_id: str) -> _Session:
        call = self._describe("login", case_id)
        url = f"{self._base_url}/v2/auth/login"
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        flat = {"username": self._username, "password": self._password, "appType": self._app_type}
        response = await send(
            self._http, call, "POST", url, headers=headers, json={"credentials": flat}
        )
        if response.status_code in (400, 422):
            response = await send(self._http, call, "POST", url, headers=headers, json=flat)
        if response.is_success:
            return self._session_from(response, case_id)
        raise _login_failure(call, response)

    def _session_from(self, response: httpx.Response, case_id: str) -> _Session:
        """Cookies from Set-Cookie and from the body's "cookies", merged; the body wins."""
        cookies = set_cookie_pairs(response)
        forget_response_cookies(self._http, response)
        cookies.update(_body_cookies(response))
        if not cookies:
            raise SourceError(
                f"CaseHelper accepted the login for case {case_id} but sent no session cookie: "
                "check that CASEHELPER_API_URL points at CaseHelper",
                "contract_error",
                http_status=response.status_code,
            )
        header = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return _Session(cookie_header=header, obtained_at=time.monotonic())


def _body_cookies(response: httpx.Response) -> dict[str, str]:
    try:
        body: Any = response.json()
    except ValueError:
        return {}
    cookies = body.get("cookies") if isinstance(body, dict) else None
    if not isinstance(cookies, dict):
        return {}
    return {str(name): str(value) for name, value in cookies.items() if value is not None}


def _login_failure(call: CallDescription, response: httpx.Response) -> SourceError:
    status = response.status_code
    if status in (408, 429) or (status >= 500 and not reports_auth_failure(response)):
        return failure_for_status(call, response)  # transient: CaseHelper is struggling
    if status < 400 or status in (404, 405):
        return SourceError(
            f"CaseHelper answered {reason(status)} to the login for case {call.case_id}: "
            "check that CASEHELPER_API_URL points at CaseHelper",
            "contract_error",
            http_status=status,
        )
    return SourceError(
        f"CaseHelper refused the login for case {call.case_id} ({reason(status)}): "
        + CREDENTIALS_HINT,
        "auth_error",
        http_status=status,
    )
