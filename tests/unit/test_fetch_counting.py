"""Each fetch attempt is counted once, by how it ended (SOURCE_FETCHES, activities/fetch.py)."""

import asyncio

import pytest
from temporalio.exceptions import ApplicationError

from activities import fetch

Recorded = list[tuple[str, str, int | None]]


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    calls: Recorded = []
    monkeypatch.setattr(fetch.activity, "metric_meter", lambda: None)
    monkeypatch.setattr(
        fetch.metrics,
        "count_source_fetch",
        lambda _meter, source, outcome, status: calls.append((source, outcome, status)),
    )
    return calls


def test_a_stored_answer_is_counted_with_its_outcome_and_status(recorded: Recorded) -> None:
    with fetch._counted("at") as count:
        count.http_status = 200
        count.outcome = "stored"

    assert recorded == [("at", "stored", 200)]


def test_a_failure_is_counted_by_its_error_type(recorded: Recorded) -> None:
    with pytest.raises(ApplicationError), fetch._counted("wi") as count:
        count.http_status = 503
        raise ApplicationError("down", type="database_unavailable")

    assert recorded == [("wi", "database_unavailable", 503)]


def test_a_cancelled_call_is_counted_without_a_status(recorded: Recorded) -> None:
    with pytest.raises(asyncio.CancelledError), fetch._counted("trt"):
        raise asyncio.CancelledError

    assert recorded == [("trt", "cancelled", None)]


def test_an_unforeseen_error_is_not_counted(recorded: Recorded) -> None:
    with pytest.raises(RuntimeError), fetch._counted("interview") as count:
        count.http_status = 200
        raise RuntimeError("a bug")

    assert recorded == []
