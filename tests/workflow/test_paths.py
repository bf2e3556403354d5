"""Every path of CaseIngestionWorkflow, with scripted activities and skipped timers.

Each test records its history (`RECORD_HISTORIES=1`) and replays it; `test_replay.py` replays
every recorded history on every run.
"""

from dataclasses import replace

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError, CancelledError

from medallion.cases.notices import Notice
from tests.support.histories import replay_and_maybe_record
from tests.support.polling import eventually
from tests.workflow.conftest import Handle, Runs
from tests.workflow.fakes import GOLD_COUNTS, SILVER_COUNTS, SILVER_NOTICE, Script
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import (
    CancelRequest,
    FetchState,
    IngestionStatus,
    RetryRequest,
    Stage,
)


async def _stage_reaches(handle: Handle, stage: Stage) -> IngestionStatus:
    return await eventually(
        lambda: handle.query(CaseIngestionWorkflow.status),
        lambda status: status.stage == stage,
        timeout_s=10,
        every_s=0.02,
    )


async def _only_the_blocked_fetch_runs(handle: Handle) -> None:
    """The other three sources have been fetched. (The time-skipping server mishandles the
    cancel of an activity it has scheduled but not yet started, a race real servers do not
    have; the tests wait it out rather than depend on it.)"""
    await eventually(
        lambda: handle.query(CaseIngestionWorkflow.status),
        lambda status: [s.state for s in status.sources.values()].count(FetchState.SUCCEEDED) == 3,
        timeout_s=10,
        every_s=0.02,
    )


async def _finished(handle: Handle) -> IngestionStatus:
    """The run's status as it ended (its result is the outcome alone)."""
    outcome = await handle.result()
    status = await handle.query(CaseIngestionWorkflow.status)
    assert (outcome.stage, outcome.cancel_reason) == (status.stage, status.cancel_reason)
    return status


async def _failure_of(handle: Handle) -> BaseException | None:
    with pytest.raises(WorkflowFailureError) as failed:
        await handle.result()
    return failed.value.cause


async def test_complete(runs: Runs) -> None:
    async with runs.start(Script()) as (handle, fakes):
        result = await _finished(handle)
        await replay_and_maybe_record(handle, "complete_mocked")

    assert result.stage == Stage.COMPLETE
    assert {s: state.state for s, state in result.sources.items()} == dict.fromkeys(
        ("at", "wi", "trt", "interview"), FetchState.SUCCEEDED
    )
    assert result.sources["at"].bronze_id == "bronze-at-0"
    assert (result.silver, result.gold) == (SILVER_COUNTS, GOLD_COUNTS)
    assert result.warnings == [SILVER_NOTICE]
    # Open stages, for the case list: each promotion records its own.
    assert fakes.stages == [(Stage.SILVER, "promote_silver"), (Stage.GOLD, "promote_gold")]
    # Gold's transaction records the close: what the run ends with, but the clock.
    [closed] = fakes.closed
    assert closed == replace(result, updated_at=closed.updated_at)
    # Each fetch of the first round registers the run (whichever stores first), and nothing else.
    assert [r.case_number for r in fakes.opened] == [f"CASE-{result.case_id}"] * 4


async def test_a_complete_run_writes_no_marker_and_one_upsert_after_its_start(
    runs: Runs,
) -> None:
    async with runs.start(Script()) as (handle, _fakes):
        await handle.result()
        events = (await handle.fetch_history()).events

    kinds = [EventType.Name(e.event_type) for e in events]
    assert "EVENT_TYPE_MARKER_RECORDED" not in kinds
    [upsert] = [
        e for e in events if e.HasField("upsert_workflow_search_attributes_event_attributes")
    ]
    fields = upsert.upsert_workflow_search_attributes_event_attributes.search_attributes
    assert list(fields.indexed_fields) == ["IngestionStage"]


async def test_needs_attention_then_retry_fetches_the_failed_source_again(runs: Runs) -> None:
    async with runs.start(Script(fetch={"trt": ["fail"]})) as (handle, _fakes):
        waiting = await _stage_reaches(handle, Stage.NEEDS_ATTENTION)
        await handle.signal(CaseIngestionWorkflow.retry, RetryRequest())
        result = await _finished(handle)
        await replay_and_maybe_record(handle, "retry_mocked")

    assert waiting.sources["trt"].state == FetchState.FAILED
    assert waiting.sources["trt"].outcome == "contract_error"
    assert waiting.sources["trt"].last_error == "contract_error: trt rejected"
    assert result.stage == Stage.COMPLETE
    assert (result.sources["trt"].rounds, result.sources["at"].rounds) == (2, 1)
    assert result.sources["trt"].bronze_id == "bronze-trt-1"


async def test_wait_ends_without_signal_continues_without_an_optional_source(runs: Runs) -> None:
    async with runs.start(Script(fetch={"wi": ["fail"]})) as (handle, _fakes):
        result = await _finished(handle)  # the day-long wait is skipped
        await replay_and_maybe_record(handle, "wait_ends_optional_mocked")

    assert result.stage == Stage.COMPLETE
    assert result.sources["wi"].state == FetchState.FAILED
    assert (
        Notice(
            code="source_skipped_after_wait",
            detail="continued without wi: no retry or cancel signal before the wait ended",
            source="wi",
        )
        in result.warnings
    )
    assert result.silver == SILVER_COUNTS


async def test_wait_ends_without_signal_fails_the_run_for_a_required_source(runs: Runs) -> None:
    async with runs.start(Script(fetch={"at": ["fail"]})) as (handle, fakes):
        cause = await _failure_of(handle)
        await replay_and_maybe_record(handle, "wait_ends_required_mocked")

    assert isinstance(cause, ApplicationError) and cause.type == "required_source_failed"
    [closed] = fakes.closed
    assert closed.stage == Stage.FAILED
    assert closed.error == "required source at failed and was not retried"
    assert closed.silver is None


async def test_an_absent_optional_source_is_a_warning_not_a_wait(runs: Runs) -> None:
    async with runs.start(Script(fetch={"trt": ["absent"]})) as (handle, _fakes):
        result = await _finished(handle)

    assert result.stage == Stage.COMPLETE
    assert result.sources["trt"].state == FetchState.SKIPPED
    assert result.sources["trt"].http_status == 404
    assert [w.code for w in result.warnings] == ["source_absent", "owner_unrecognised"]


@pytest.mark.parametrize(
    ("script", "stage"),
    [
        (Script(fetch={"interview": ["block"]}), Stage.FETCHING),
        (Script(fetch={"trt": ["fail"]}), Stage.NEEDS_ATTENTION),
        (Script(silver="block"), Stage.SILVER),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
async def test_cancel_signal_in_each_stage_ends_the_run_cancelled(
    runs: Runs, script: Script, stage: Stage
) -> None:
    async with runs.start(script) as (handle, fakes):
        await _stage_reaches(handle, stage)
        if stage != Stage.NEEDS_ATTENTION:
            await fakes.blocking.wait()
        if stage == Stage.FETCHING:
            await _only_the_blocked_fetch_runs(handle)
        await handle.signal(CaseIngestionWorkflow.cancel, CancelRequest(reason="test says stop"))
        result = await _finished(handle)
        await replay_and_maybe_record(handle, f"cancel_in_{stage}_mocked")

    assert result.stage == Stage.CANCELLED
    assert result.cancel_reason == "test says stop"
    assert [c.stage for c in fakes.closed] == [Stage.CANCELLED]
    if stage in (Stage.FETCHING, Stage.NEEDS_ATTENTION):
        assert result.silver is None
    if stage == Stage.FETCHING:
        assert result.sources["interview"].outcome == "cancelled"
    if stage == Stage.SILVER:
        assert (result.silver, result.gold) == (None, None)


async def test_a_cancel_signal_in_gold_lets_gold_finish_so_both_layers_are_of_one_run(
    runs: Runs,
) -> None:
    async with runs.start(Script(gold="hold")) as (handle, fakes):
        await _stage_reaches(handle, Stage.GOLD)
        await fakes.blocking.wait()
        await handle.signal(CaseIngestionWorkflow.cancel, CancelRequest(reason="too late"))
        await eventually(
            lambda: handle.query(CaseIngestionWorkflow.status), lambda s: bool(s.ignored_signals)
        )
        fakes.release.set()
        result = await _finished(handle)
        await replay_and_maybe_record(handle, "cancel_in_gold_finishes_gold_mocked")

    assert (result.stage, result.cancel_reason) == (Stage.COMPLETE, None)
    assert (result.silver, result.gold) == (SILVER_COUNTS, GOLD_COUNTS)
    assert result.ignored_signals == [
        "cancel: Silver is committed; Gold finishes so the two layers match"
    ]


async def test_cancel_from_temporal_is_recorded_and_the_run_is_cancelled(runs: Runs) -> None:
    async with runs.start(Script(fetch={"at": ["block"]})) as (handle, fakes):
        await fakes.blocking.wait()
        await _only_the_blocked_fetch_runs(handle)
        await handle.cancel()
        cause = await _failure_of(handle)
        await replay_and_maybe_record(handle, "cancel_from_temporal_mocked")

    assert isinstance(cause, CancelledError)
    [closed] = fakes.closed
    assert (closed.stage, closed.cancel_reason) == (Stage.CANCELLED, "cancelled in Temporal")


async def test_a_promotion_failure_fails_the_run_with_the_activitys_words(runs: Runs) -> None:
    async with runs.start(Script(gold="fail")) as (handle, fakes):
        cause = await _failure_of(handle)
        await replay_and_maybe_record(handle, "promotion_failure_mocked")

    assert isinstance(cause, ApplicationError) and cause.type == "promotion_failed"
    [closed] = fakes.closed
    assert (closed.stage, closed.error) == (Stage.FAILED, "promotion_error: gold rejected")
    assert (closed.silver, closed.gold) == (SILVER_COUNTS, None)


async def test_a_retry_outside_needs_attention_is_recorded_and_ignored(runs: Runs) -> None:
    async with runs.start(Script(silver="block")) as (handle, fakes):
        await fakes.blocking.wait()
        await handle.signal(CaseIngestionWorkflow.retry, RetryRequest(sources=["wi"]))
        await handle.signal(CaseIngestionWorkflow.cancel, CancelRequest())
        result = await _finished(handle)

    assert result.ignored_signals == ["retry: stage was silver"]
