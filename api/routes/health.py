"""Liveness (the process answers) and readiness (Temporal, Postgres, a worker polling the
case-ingestion task queue and each source's fetch queue).

`/health` is readiness under its original path, kept for the readers that already use it.
"""

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client

from api.deps import PoolDep, SettingsDep, TemporalDep
from api.schemas import HealthReport, Liveness
from medallion.sources.names import SOURCES
from workflows.models import fetch_task_queue

router = APIRouter(tags=["health"])

# A poller seen within this window counts as a live worker (workers long-poll for ~60 s).
POLLER_FRESHNESS = timedelta(seconds=90)
CHECK_TIMEOUT_S = 5.0


async def _postgres(pool: asyncpg.Pool) -> str:
    try:
        await asyncio.wait_for(pool.fetchval("SELECT 1"), CHECK_TIMEOUT_S)
        return "ok"
    except (OSError, asyncpg.PostgresError, TimeoutError) as err:
        return f"unreachable: {type(err).__name__}"


async def _temporal_and_pollers(
    client: Client, task_queue: str, kind: TaskQueueType.ValueType
) -> tuple[str, int | None]:
    """Temporal's state, and how many workers polled the task queue lately (None: unknown)."""
    try:
        response = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace,
                task_queue=TaskQueue(name=task_queue),
                task_queue_type=kind,
            ),
            timeout=timedelta(seconds=CHECK_TIMEOUT_S),
        )
    except Exception as err:  # any failure here means "not reachable", with its reason
        return f"unreachable: {str(err).splitlines()[0][:120]}", None
    now = datetime.now(UTC)
    fresh = [
        p
        for p in response.pollers
        if now - p.last_access_time.ToDatetime(tzinfo=UTC) <= POLLER_FRESHNESS
    ]
    return "ok", len(fresh)


@router.get("/health/live", response_model=Liveness, summary="The API process answers")
async def live() -> Liveness:
    """No dependency is checked: a load balancer or orchestrator restarts only a dead process."""
    return Liveness(status="ok")


@router.get(
    "/health/ready",
    response_model=HealthReport,
    responses={503: {"model": HealthReport}},
    summary="Temporal, Postgres and a worker are there; `missing` names what is not",
)
async def ready(client: TemporalDep, pool: PoolDep, settings: SettingsDep) -> JSONResponse:
    queue = settings.temporal_task_queue
    polled, postgres = await asyncio.gather(
        asyncio.gather(
            _temporal_and_pollers(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
            # A fetch queue nobody polls holds every new case in `fetching`: a worker is ready
            # only when its fetch workers poll too.
            *(
                _temporal_and_pollers(
                    client, fetch_task_queue(queue, source), TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY
                )
                for source in SOURCES
            ),
        ),
        _postgres(pool),
    )
    (temporal, pollers), *fetch_pollers = polled
    unpolled = [
        source for source, (_, count) in zip(SOURCES, fetch_pollers, strict=True) if not count
    ]
    missing = [
        name
        for name, ok in (("temporal", temporal == "ok"), ("postgres", postgres == "ok"))
        if not ok
    ]
    workers = "unknown" if pollers is None else f"{pollers or 'none'} polling"
    if not pollers:
        missing.append("workers")
    elif unpolled:
        missing.append("fetch workers")
        workers += f"; no fetch poller for {', '.join(unpolled)}"
    report = HealthReport(
        status="unavailable" if missing else "ok",
        temporal=temporal,
        postgres=postgres,
        workers=workers,
        task_queue=settings.temporal_task_queue,
        missing=missing,
    )
    return JSONResponse(report.model_dump(), status_code=503 if missing else 200)


router.add_api_route(
    "/health",
    ready,
    methods=["GET"],
    response_model=HealthReport,
    responses={503: {"model": HealthReport}},
    summary="Readiness under its original path (same answer as /health/ready)",
)
