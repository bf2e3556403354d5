"""Log lines: one JSON object each, with the ids bound where they are known and no identifier."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from medallion.platform import logs


@pytest.fixture
def json_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.configure_logging("json")
    try:
        yield stream
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        structlog.reset_defaults()


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_stdlib_lines_render_as_json_with_their_extra_fields(json_lines: io.StringIO) -> None:
    logging.getLogger("medallion.test").info("fetch stored", extra={"case_id": "42", "records": 3})
    (line,) = lines(json_lines)
    assert line["event"] == "fetch stored"
    assert line["case_id"] == "42" and line["records"] == 3
    assert line["level"] == "info" and line["logger"] == "medallion.test"
    assert "timestamp" in line


def test_workflow_ids_come_from_temporal_details_and_give_the_case(
    json_lines: io.StringIO,
) -> None:
    details = {"workflow_id": "case-ingestion-1295022", "workflow_run_id": "r-1", "attempt": 2}
    logging.getLogger("temporalio.activity").info("x", extra={"temporal_activity": details})
    (line,) = lines(json_lines)
    assert line["workflow_id"] == "case-ingestion-1295022"
    assert line["run_id"] == "r-1"
    assert line["case_id"] == "1295022"
    assert "temporal_activity" not in line


def test_bound_context_reaches_every_line(json_lines: io.StringIO) -> None:
    with structlog.contextvars.bound_contextvars(request_id="abc", case_id="7"):
        logging.getLogger("any").warning("inside")
    logging.getLogger("any").warning("outside")
    inside, outside = lines(json_lines)
    assert inside["request_id"] == "abc" and inside["case_id"] == "7"
    assert "request_id" not in outside


def test_taxpayer_identifiers_never_render(json_lines: io.StringIO) -> None:
    logging.getLogger("x").info(
        "client 123-45-6789 seen",
        extra={"ssn": "987654321", "client_name": "Jane Doe", "date_of_birth": "1970-01-01"},
    )
    text = json_lines.getvalue()
    for secret in ("123-45-6789", "987654321", "Jane Doe", "1970-01-01"):
        assert secret not in text
    (line,) = lines(json_lines)
    assert line["client_name"] == logs.REDACTED


def test_uvicorn_lines_use_the_same_format(
    json_lines: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    uvicorn_logger = logging.getLogger("uvicorn.error")
    # An in-process server of another test may have set uvicorn's level (its --log-level).
    monkeypatch.setattr(uvicorn_logger, "disabled", False)
    level = uvicorn_logger.level
    uvicorn_logger.setLevel(logging.INFO)  # setLevel, not the attribute: it clears the cache
    try:
        uvicorn_logger.info("Started server process [%d]", 12)
    finally:
        uvicorn_logger.setLevel(level)
    (line,) = lines(json_lines)
    assert line["event"] == "Started server process [12]"
    assert line["logger"] == "uvicorn.error"


def test_console_format_is_readable_text() -> None:
    rendered = logs.renderer("console")(None, "info", {"event": "hello", "case_id": "1"})
    assert isinstance(rendered, str) and "hello" in rendered and "case_id" in rendered


def test_log_level_filters_ours_and_uvicorns_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logging.getLogger("uvicorn.error").setLevel(logging.INFO)  # as uvicorn leaves it
    logs.configure_logging("json", "WARNING")
    try:
        logging.getLogger("uvicorn.error").info("Started server process")
        logging.getLogger("medallion.test").info("fetch stored")
        logging.getLogger("medallion.test").warning("source slow")
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        structlog.reset_defaults()

    assert [line["event"] for line in lines(stream)] == ["source slow"]
