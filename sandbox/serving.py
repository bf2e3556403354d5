"""The path every source call takes: fault, then credentials, then the case's data."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from medallion.cases.identity import CASE_ID
from sandbox.data import Source, payload_bytes
from sandbox.fault_responses import System, fault_response
from sandbox.faults import FaultSource
from sandbox.request_log import CASE_ID_KEY, FAULT_KEY, SOURCE_KEY
from sandbox.state import SandboxState

Authorizer = Callable[[Request], Response | None]

SOURCE_LABELS: dict[Source, str] = {
    "at": "account transcript",
    "wi": "wage and income transcript",
    "trt": "tax return transcript",
    "interview": "interview",
}


def error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"status": status, "detail": detail}, status_code=status)


def tag(request: Request, case_id: str | None, source: FaultSource) -> None:
    setattr(request.state, CASE_ID_KEY, case_id)
    setattr(request.state, SOURCE_KEY, source)


async def apply_fault(
    request: Request, state: SandboxState, system: System, source: FaultSource, case_id: str | None
) -> Response | None:
    """A fault's response, or None to answer normally (after any injected latency)."""
    fault = state.faults.take(case_id, source, request.method)
    if fault is None:
        return None
    setattr(request.state, FAULT_KEY, fault.fault_id)
    if fault.spec.kind == "latency":
        await asyncio.sleep(fault.spec.delay_s)
        return None
    return fault_response(fault, system, source, case_id, state)


async def answer_data_call(
    request: Request,
    state: SandboxState,
    system: System,
    source: Source,
    case_id: str,
    authorize: Authorizer,
) -> Response:
    tag(request, case_id, source)
    faulted = await apply_fault(request, state, system, source, case_id)
    if faulted is not None:
        return faulted
    denied = authorize(request)
    if denied is not None:
        return denied
    if not CASE_ID.fullmatch(case_id):
        return error(404, "Case not found")
    # The large case takes a moment to build; keep the event loop free meanwhile.
    revision, profile = state.revision(case_id), state.profile(case_id)
    body = await run_in_threadpool(payload_bytes, case_id, source, revision, profile)
    if body is None:
        return error(404, f"No {SOURCE_LABELS[source]} found for case {case_id}")
    return Response(body, media_type="application/json")
