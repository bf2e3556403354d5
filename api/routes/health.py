"""Health: Temporal reachable, Postgres reachable, a worker polling the task queue."""

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
from api.schemas import HealthReport

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


async def _temporal_and_pollers(client: Client, task_queue: str) -> tuple[str, int | None]:
    """Temporal's state, and how many workers polled the task queue lately (None: unknown)."""
    try:
        response = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace,
                task_queue=TaskQueue(name=task_queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
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


@router.get("/health", response_model=HealthReport, responses={503: {"model": HealthReport}})
async def health(client: TemporalDep, pool: PoolDep, settings: SettingsDep) -> JSONResponse:
    (temporal, pollers), postgres = await asyncio.gather(
        _temporal_and_pollers(client, settings.temporal_task_queue), _postgres(pool)
    )
    healthy = temporal == "ok" and postgres == "ok" and bool(pollers)
    report = HealthReport(
        status="ok" if healthy else "unavailable",
        temporal=temporal,
        postgres=postgres,
        workers="unknown" if pollers is None else f"{pollers or 'none'} polling",
        task_queue=settings.temporal_task_queue,
    )
    return JSONResponse(report.model_dump(), status_code=200 if healthy else 503)
