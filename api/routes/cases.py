"""Trigger, status, cancel and retry for one case."""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Body, HTTPException, Query, status
from fastapi.responses import JSONResponse
from temporalio.client import Client, WorkflowFailureError, WorkflowQueryFailedError
from temporalio.exceptions import CancelledError
from temporalio.service import RPCError, RPCStatusCode

from api.caller_input import CaseNumber, QueryFlag
from api.deps import CaseIdPath, PoolDep, SettingsDep, TemporalDep
from api.ingestion import (
    describe_latest,
    is_open,
    query_status,
    signal_cancel,
    signal_retry,
    wait_for_result,
)
from api.schemas import (
    UNAVAILABLE,
    CancelBody,
    ExtractRequest,
    ExtractResponse,
    RetryBody,
    SignalResponse,
    SignalStatus,
    StatusReport,
)
from api.status_report import build_status_report
from api.temporal_errors import temporal_errors_as_503
from api.trigger import trigger_case
from api.ui_links import workflow_ui_url
from medallion.cases.identity import default_case_number
from medallion.cases.queries import recorded_stage
from medallion.cases.runs import run_closed
from medallion.platform.settings import Settings
from workflows.models import FetchState, IngestionStatus, Stage, workflow_id_for

log = logging.getLogger("medallion.api")

router = APIRouter(tags=["cases"], responses=UNAVAILABLE)


async def _extract(
    client: Client,
    pool: asyncpg.Pool,
    settings: Settings,
    case_id: str,
    case_number: str | None,
    async_mode: bool,
    fetch: bool,
) -> JSONResponse:
    number = case_number or default_case_number(case_id)
    with temporal_errors_as_503():
        started = await trigger_case(client, pool, settings, case_id, case_number, fetch=fetch)
    log.info(
        "extraction triggered",
        extra={
            "case_id": case_id,
            "workflow_id": started.workflow_id,
            "attached": started.attached,
        },
    )
    ui = workflow_ui_url(settings, case_id, started.run_id)
    answer = ExtractResponse(
        status="triggered",
        case_id=case_id,
        case_number=number,
        message=(
            f"Data extraction {'already running' if started.attached else 'started'} for case "
            f"{number}. Check the Temporal UI for progress."
        ),
        workflow_id=started.workflow_id,
        run_id=started.run_id,
        attached=started.attached,
        temporal_ui=ui,
        dagster_ui=ui,
        status_url=f"/api/cases/{case_id}/status",
        timestamp=datetime.now(UTC),
    )
    if async_mode:
        return JSONResponse(answer.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)
    try:
        with temporal_errors_as_503():
            await asyncio.wait_for(
                wait_for_result(client, case_id, started.run_id), settings.sync_wait_timeout_s
            )
        answer.status, answer.message = "completed", f"Data extraction completed for case {number}"
    except TimeoutError:
        answer.message = (
            f"Data extraction for case {number} is still running after "
            f"{settings.sync_wait_timeout_s:g} s; follow status_url"
        )
        answer.timestamp = datetime.now(UTC)
        return JSONResponse(answer.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)
    except WorkflowFailureError as err:
        if isinstance(err.cause, CancelledError):
            answer.status, answer.message = "cancelled", f"Data extraction cancelled for {number}"
        else:
            answer.status, answer.message = "failed", f"Data extraction failed for case {number}"
    answer.timestamp = datetime.now(UTC)
    return JSONResponse(answer.model_dump(mode="json"), status_code=status.HTTP_200_OK)


# async_mode=false answers with the finished run's result.
_SYNC_RESULT: dict[int | str, dict[str, Any]] = {
    200: {"model": ExtractResponse, "description": "The run's result (async_mode=false)"}
}
_ASYNC_MODE = Query(description="false waits for the run to finish (can take minutes).")
_FETCH = Query(
    description="false rebuilds Silver and Gold from the Bronze already stored, calling no source."
)


@router.post(
    "/cases/{case_id}/extract",
    response_model=ExtractResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start ingestion of a case, or attach to its running ingestion",
    responses=_SYNC_RESULT,
)
async def extract_case(
    case_id: CaseIdPath,
    client: TemporalDep,
    pool: PoolDep,
    settings: SettingsDep,
    async_mode: Annotated[QueryFlag, _ASYNC_MODE] = True,
    case_number: Annotated[CaseNumber | None, Query()] = None,
    fetch: Annotated[QueryFlag, _FETCH] = True,
) -> JSONResponse:
    return await _extract(client, pool, settings, case_id, case_number, async_mode, fetch)


@router.post(
    "/extract",
    response_model=ExtractResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start ingestion of a case (case id in the body)",
    responses=_SYNC_RESULT,
)
async def extract(
    body: ExtractRequest, client: TemporalDep, pool: PoolDep, settings: SettingsDep
) -> JSONResponse:
    return await _extract(
        client, pool, settings, body.case_id, body.case_number, body.async_mode, body.fetch
    )


@router.get(
    "/cases/{case_id}/status",
    response_model=StatusReport,
    summary="Live stage merged with per-layer counts",
    responses={404: {"description": "Nothing is known of the case"}},
)
async def case_status(
    case_id: CaseIdPath, client: TemporalDep, settings: SettingsDep, pool: PoolDep
) -> StatusReport | JSONResponse:
    report = await build_status_report(pool, client, settings, case_id)
    if report is None:
        return JSONResponse(
            {
                "detail": f"No data found for case {case_id}. Trigger extraction to begin.",
                "case_id": case_id,
                "status": "not_started",
            },
            status_code=status.HTTP_404_NOT_FOUND,
        )
    return report


async def _open_run_id(client: Client, case_id: str) -> str:
    """The run id of the case's open run; 404/409 when there is none."""
    with temporal_errors_as_503():
        description = await describe_latest(client, case_id)
    if description is None:
        raise HTTPException(404, f"case {case_id} has no ingestion run: trigger it first")
    if not is_open(description):
        raise HTTPException(409, _CLOSED.format(case_id=case_id))
    return description.run_id


_CLOSED = "case {case_id} has no open ingestion run (the last one is closed)"


@contextmanager
def _closed_meanwhile_as_409(case_id: str) -> Iterator[None]:
    """The run may close between the check and the signal: that is a 409, not a 500."""
    try:
        with temporal_errors_as_503():
            yield
    except RPCError as err:
        if err.status == RPCStatusCode.NOT_FOUND:
            raise HTTPException(409, _CLOSED.format(case_id=case_id)) from err
        raise
    except WorkflowQueryFailedError as err:
        raise HTTPException(409, _CLOSED.format(case_id=case_id)) from err


def _signalled(what: SignalStatus, case_id: str, run_id: str) -> SignalResponse:
    return SignalResponse(
        status=what,
        case_id=case_id,
        workflow_id=workflow_id_for(case_id),
        run_id=run_id,
        timestamp=datetime.now(UTC),
    )


async def _live_status(client: Client, case_id: str) -> IngestionStatus | None:
    """The open run's own answer; None when no worker answers for it in time."""
    with _closed_meanwhile_as_409(case_id):
        try:
            return await query_status(client, case_id, wait=_RETRY_QUERY_TIMEOUT)
        except RPCError as err:
            if err.status not in _NO_WORKER_ANSWERED:
                raise
            return None


# Short: without an answer, the stage Postgres recorded decides.
_RETRY_QUERY_TIMEOUT = timedelta(seconds=2)
# The server knows no poller for the queue, or none answered within the query's timeout.
_NO_WORKER_ANSWERED = {
    RPCStatusCode.FAILED_PRECONDITION,
    RPCStatusCode.CANCELLED,
    RPCStatusCode.DEADLINE_EXCEEDED,
}


async def _recorded_stage(pool: asyncpg.Pool, run_id: str) -> Stage:
    """The open run's stage as its workflow last wrote it to Postgres (the API records every
    start, so a run not found is one that has not begun)."""
    return await recorded_stage(pool, run_id) or Stage.FETCHING


@router.post(
    "/cases/{case_id}/cancel",
    response_model=SignalResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Cancel the case's open run (in-flight fetches are stopped)",
    responses={404: {"description": "No run"}, 409: {"description": "No open run"}},
)
async def cancel_case(
    case_id: CaseIdPath,
    client: TemporalDep,
    pool: PoolDep,
    body: Annotated[CancelBody | None, Body()] = None,
) -> SignalResponse:
    run_id = await _open_run_id(client, case_id)
    # Gold's transaction records the close a moment before the run ends; from then on the
    # status says complete, and the run would end so whatever the signal asked.
    if await run_closed(pool, run_id):
        raise HTTPException(409, _CLOSED.format(case_id=case_id))
    with _closed_meanwhile_as_409(case_id):
        await signal_cancel(client, case_id, (body or CancelBody()).reason)
    return _signalled("cancel_requested", case_id, run_id)


@router.post(
    "/cases/{case_id}/retry",
    response_model=SignalResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Fetch failed sources again (all failed ones, or those named)",
    responses={404: {"description": "No run"}, 409: {"description": "Not waiting for a retry"}},
)
async def retry_case(
    case_id: CaseIdPath,
    client: TemporalDep,
    pool: PoolDep,
    body: Annotated[RetryBody | None, Body()] = None,
) -> SignalResponse:
    run_id = await _open_run_id(client, case_id)
    # A busy or absent worker cannot answer; the signal still waits in the run's history for one.
    live = await _live_status(client, case_id)
    stage = live.stage if live else await _recorded_stage(pool, run_id)
    if stage != Stage.NEEDS_ATTENTION:
        raise HTTPException(
            409, f"retry applies when a source failed for good (needs_attention); stage is {stage}"
        )
    named = list((body or RetryBody()).sources)
    if named and live:  # without the run's answer, the run itself ignores a source that is fine
        failed = [n for n, source in live.sources.items() if source.state == FetchState.FAILED]
        if not set(named) & set(failed):
            raise HTTPException(
                409, f"none of {', '.join(named)} failed; failed sources: {', '.join(failed)}"
            )
    with _closed_meanwhile_as_409(case_id):
        await signal_retry(client, case_id, named)
    return _signalled("retry_requested", case_id, run_id)
