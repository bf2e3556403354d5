"""Turning HTTP failures into SourceErrors (DOMAIN 1.2.2), with messages that say what to do."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx

from medallion.sources.errors import SourceError
from medallion.sources.transport import parse_retry_after, reason, reports_auth_failure, safe_url

logger = logging.getLogger("medallion.sources")


@dataclass(frozen=True)
class CallDescription:
    """Who is called for what, and which settings fix which failure; used in messages only."""

    system: str  # "TiParser"
    what: str  # "AT analysis"
    case_id: str
    base_url: str
    timeout_s: float
    url_setting: str  # "TIPARSER_URL"
    timeout_setting: str  # "TIPARSER_TIMEOUT_S"
    forbidden: str  # message for a 403
    unauthenticated: str  # message for a 401 or an auth-failure 5xx

    @property
    def target(self) -> str:
        return f"the {self.what} of case {self.case_id}"


def failure_for_status(call: CallDescription, response: httpx.Response) -> SourceError:
    error = _status_failure(call, response)
    error.request_url = safe_url(str(response.request.url))
    return error


def _status_failure(call: CallDescription, response: httpx.Response) -> SourceError:
    status = response.status_code
    if status == 404:
        return SourceError(
            f"{call.system} has no {call.what} for case {call.case_id} ({reason(status)})",
            "absent",
            http_status=status,
        )
    if status == 403:
        return SourceError(call.forbidden, "auth_error", http_status=status)
    if reports_auth_failure(response):
        return SourceError(call.unauthenticated, "auth_error", http_status=status)
    if status in (408, 429) or status >= 500:
        retry_after_s = parse_retry_after(response.headers.get("retry-after"))
        wait = f", retry after {retry_after_s:g} s" if retry_after_s is not None else ""
        verb = "rate-limited" if status == 429 else "failed"
        return SourceError(
            f"{call.system} {verb} {call.target} ({reason(status)}{wait}): "
            "a transient failure, to be retried",
            "transient_error",
            http_status=status,
            retry_after_s=retry_after_s,
        )
    return SourceError(
        f"{call.system} answered {reason(status)} to {call.target}: the call no longer matches "
        f"its contract; check that {call.url_setting} points at a compatible {call.system}",
        "contract_error",
        http_status=status,
    )


def failure_for_transport(call: CallDescription, error: httpx.RequestError) -> SourceError:
    kind = type(error).__name__  # never str(error): it may quote the URL or payload
    if isinstance(error, httpx.TimeoutException):
        return SourceError(
            f"{call.system} did not answer {call.target} within {call.timeout_s:g} s ({kind}): "
            f"a transient failure, to be retried; raise {call.timeout_setting} if it persists",
            "transient_error",
        )
    if isinstance(error, httpx.DecodingError):
        return SourceError(
            f"{call.system} sent a body for {call.target} that could not be decoded ({kind}): "
            "its content encoding is broken; report it to the service's operators",
            "contract_error",
        )
    if isinstance(error, httpx.UnsupportedProtocol):
        return SourceError(
            f"{call.system} URL {safe_url(call.base_url)} is not an http(s) URL: "
            f"fix {call.url_setting}",
            "contract_error",
        )
    return SourceError(
        f"Could not reach {call.system} at {safe_url(call.base_url)} for {call.target} ({kind}): "
        f"a transient failure, to be retried; check {call.url_setting} and that it is running",
        "transient_error",
    )


async def send(
    http: httpx.AsyncClient, call: CallDescription, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    """One HTTP exchange; transport failures become SourceErrors, HTTP statuses are returned."""
    started = time.monotonic()
    try:
        response = await http.request(method, url, timeout=call.timeout_s, **kwargs)
    except httpx.RequestError as error:
        logger.warning(
            "source call failed",
            extra={
                "system": call.system,
                "case_id": call.case_id,
                "method": method,
                "url": safe_url(url),
                "error": type(error).__name__,
            },
        )
        failure = failure_for_transport(call, error)
        failure.request_url = safe_url(url)
        # `from None`: httpx's own message may quote the URL, credentials included.
        raise failure from None
    logger.info(
        "source call",
        extra={
            "system": call.system,
            "case_id": call.case_id,
            "method": method,
            "url": safe_url(url),
            "status": response.status_code,
            "elapsed_ms": round((time.monotonic() - started) * 1000),
        },
    )
    return response
