"""GET /cases/{case_id}/events: Server-Sent Events of stage and source changes."""

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException
from sse_starlette import EventSourceResponse

from api.case_events import case_events, snapshot
from api.deps import CaseIdPath, PoolDep, TemporalDep
from api.schemas import UNAVAILABLE, ErrorDetail
from api.temporal_errors import temporal_errors_as_503

router = APIRouter(tags=["cases"], responses=UNAVAILABLE)

POLL_S = 0.5
PING_S = 15  # a comment line now and then keeps proxies from closing a quiet stream


@router.get(
    "/cases/{case_id}/events",
    response_class=EventSourceResponse,
    summary="Stream of the case's stage and source changes until its run closes",
    description=(
        "Server-Sent Events: `stage` {run_id, stage}, `source` {run_id, source, state, outcome, "
        "http_status}, `changes` {run_id, alert, info} when the run's Gold build found changes "
        "(the list: /changes), then `closed` {run_id, stage} when the run is over. The first "
        "events describe the latest run as it is. Polling /status keeps working."
    ),
    responses={
        200: {
            "description": "The event stream",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        },
        404: {"model": ErrorDetail, "description": "The case never had a run"},
    },
)
async def events(case_id: CaseIdPath, client: TemporalDep, pool: PoolDep) -> EventSourceResponse:
    with temporal_errors_as_503():
        first = await snapshot(client, pool, case_id)
    if first is None:
        raise HTTPException(404, f"case {case_id} has no ingestion run: trigger it first")

    async def stream() -> AsyncIterator[dict[str, str]]:
        async for name, data in case_events(client, pool, case_id, first, POLL_S):
            yield {"event": name, "data": json.dumps(data)}

    return EventSourceResponse(stream(), ping=PING_S)
