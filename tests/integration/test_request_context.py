"""The API's request id and its one log line per request."""

import logging

import httpx
import pytest

from tests.support.polling import eventually


async def test_a_given_request_id_comes_back_and_a_missing_one_is_made(
    api: httpx.AsyncClient,
) -> None:
    given = await api.get("/api/health/live", headers={"X-Request-ID": "trace-42"})
    made = await api.get("/api/health/live")
    assert given.headers["X-Request-ID"] == "trace-42"
    assert len(made.headers["X-Request-ID"]) == 32


async def test_an_unsafe_request_id_is_replaced(api: httpx.AsyncClient) -> None:
    answer = await api.get("/api/health/live", headers={"X-Request-ID": "x" * 500})
    assert answer.headers["X-Request-ID"] != "x" * 500


async def test_each_request_logs_its_route_template_and_status(
    api: httpx.AsyncClient, new_case_id: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="medallion.api.requests")
    await api.get(f"/api/cases/{new_case_id}/status")

    # Other tests' requests may reach the same API meanwhile: pick this request's line.
    async def status_lines() -> list[logging.LogRecord]:
        return [
            r
            for r in caplog.records
            if r.name == "medallion.api.requests"
            and r.__dict__.get("route") == "/api/cases/{case_id}/status"
        ]

    (line,) = await eventually(status_lines, bool)
    assert line.__dict__["status"] == 404
    assert new_case_id not in line.getMessage()
