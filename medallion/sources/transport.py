"""HTTP plumbing shared by the source clients."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from medallion.cases.identity import CASE_ID
from medallion.platform.tls import client_tls

SECRET_QUERY_PARAM = re.compile(r"key|token|secret|pass|sig|auth", re.IGNORECASE)
AUTH_FAILURE_MARKERS = ("authentication required", "unauthorized")


def new_http_client(max_connections: int = 20) -> httpx.AsyncClient:
    """The process-wide client for both sources.

    It keeps no cookies: the CaseHelper client sends its session explicitly, so a session
    cookie can never leak to TiParser when both run on one host.
    """
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(
        cookies=no_cookies,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=max_connections),
        verify=client_tls(),
    )


def require_case_id(case_id: str) -> None:
    # Case ids are validated before any workflow starts; a bad one here is a programming error.
    if not CASE_ID.fullmatch(case_id):
        raise ValueError("case_id must be 1 to 12 digits")


def safe_url(url: str | httpx.URL) -> str:
    """The URL without user info or credential-looking query parameters, for logs and Bronze."""
    parsed = httpx.URL(str(url))
    kept = [(k, v) for k, v in parsed.params.multi_items() if not SECRET_QUERY_PARAM.search(k)]
    return str(parsed.copy_with(userinfo=b"", params=kept or None))


def reason(status: int) -> str:
    return f"{status} {httpx.codes.get_reason_phrase(status)}".strip()


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def reports_auth_failure(response: httpx.Response) -> bool:
    """401, or a 5xx whose body says the service's own session expired (DOMAIN 1.2.2)."""
    if response.status_code == 401:
        return True
    if response.status_code < 500:
        return False
    text = response.content[:65536].decode("utf-8", errors="replace").lower()
    return any(marker in text for marker in AUTH_FAILURE_MARKERS)


def set_cookie_pairs(response: httpx.Response) -> dict[str, str]:
    """name -> value from the Set-Cookie headers, skipping cookies that delete themselves."""
    pairs: dict[str, str] = {}
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = header.split(";")
        name, separator, value = first.partition("=")
        deleting = any(a.strip().lower() in ("max-age=0", "max-age=-1") for a in attributes)
        if separator and name.strip() and not deleting:
            pairs[name.strip()] = value.strip().strip('"')
    return pairs


def forget_response_cookies(http: httpx.AsyncClient, response: httpx.Response) -> None:
    """Drop from a shared client's jar the cookies this response just put there."""
    names = set(set_cookie_pairs(response))
    host = response.request.url.host
    domains = {host, f".{host}", f"{host}.local"}
    for cookie in list(http.cookies.jar):
        if cookie.name in names and cookie.domain in domains:
            http.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)
