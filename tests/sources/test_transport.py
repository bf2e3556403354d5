"""The pure helpers behind the clients: Retry-After, URL redaction, cookies, the error type."""

import pickle
from datetime import UTC, datetime

import httpx
import pytest

from medallion.sources.errors import SourceError, SourceOutcome
from medallion.sources.transport import (
    parse_retry_after,
    reports_auth_failure,
    safe_url,
    set_cookie_pairs,
)

NOW = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("Wed, 01 Jan 2025 12:00:30 GMT", 30.0),
        ("Wed, 01 Jan 2025 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("-5", None),
    ],
)
def test_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == seconds


def test_safe_url_drops_userinfo_and_secret_query_parameters() -> None:
    url = "https://svc:pw@tiparser.example/analysis/at/1?api_key=abc&page=2&token=t"
    assert safe_url(url) == "https://tiparser.example/analysis/at/1?page=2"
    assert (
        safe_url("http://127.0.0.1:8100/tiparser/health") == "http://127.0.0.1:8100/tiparser/health"
    )


def _response(
    status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None
) -> httpx.Response:
    return httpx.Response(
        status, content=body, headers=headers, request=httpx.Request("GET", "http://h/")
    )


def test_set_cookie_pairs_skips_deletions() -> None:
    response = _response(
        200,
        headers=[
            ("set-cookie", "session=abc; Path=/; HttpOnly"),
            ("set-cookie", 'lb="node-1"; Path=/'),
            ("set-cookie", "old=; Max-Age=0"),
        ],
    )
    assert set_cookie_pairs(response) == {"session": "abc", "lb": "node-1"}


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, b"", True),
        (500, b'{"detail":"Authentication required"}', True),
        (503, b"<h1>Unauthorized</h1>", True),
        (500, b"database down", False),
        (403, b"Unauthorized", False),
        (400, b"Authentication required", False),
    ],
)
def test_reports_auth_failure(status: int, body: bytes, expected: bool) -> None:
    assert reports_auth_failure(_response(status, body)) is expected


def test_source_error_survives_pickling_and_only_transient_is_retryable() -> None:
    error = SourceError("TiParser failed", "transient_error", http_status=503, retry_after_s=2.0)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.outcome, copy.http_status, copy.retry_after_s) == (
        "TiParser failed",
        "transient_error",
        503,
        2.0,
    )
    assert copy.retryable
    outcomes: list[SourceOutcome] = ["auth_error", "absent", "contract_error"]
    for outcome in outcomes:
        assert not SourceError("x", outcome).retryable
