"""The worker process: runs CaseIngestionWorkflow, its activities and webhook delivery.

`python worker.py` — several may share the task queue. Each process also polls one fetch queue
per source (`<queue>-fetch-<source>`), whose rate limit (SOURCE_CALLS_PER_S) the server holds
for all of them together. Started before Temporal or Postgres, it waits for them.
SIGTERM/SIGINT stop polling and give in-flight activities WORKER_GRACEFUL_SHUTDOWN_S to finish.
WORKER_METRICS_PORT serves `/metrics` and `/health` (medallion/platform/worker_endpoint.py); the
OTEL_* variables turn tracing on (medallion/platform/tracing.py).
"""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from typing import TypedDict

import asyncpg
import uvloop
from temporalio.client import Client
from temporalio.runtime import Runtime
from temporalio.worker import Worker

from activities.fetch import FetchActivities
from activities.promote import PromotionActivities
from activities.runs import RunActivities
from activities.webhooks import WebhookActivities
from medallion.platform.build_id import worker_build_id
from medallion.platform.db import create_pool
from medallion.platform.heap import freeze_startup_heap
from medallion.platform.logs import configure_logging
from medallion.platform.metrics import prometheus_runtime
from medallion.platform.reachable import until_reachable
from medallion.platform.settings import Settings, load_settings
from medallion.platform.temporal import connect, ensure_search_attributes
from medallion.platform.tracing import Tracing
from medallion.platform.worker_endpoint import WorkerEndpoint, WorkerHealth, loopback_address
from medallion.sources.casehelper import CaseHelperClient
from medallion.sources.names import SOURCES
from medallion.sources.tiparser import TiParserClient
from medallion.sources.transport import new_http_client
from medallion.webhooks.starts import ChangeDeliveries
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import fetch_task_queue
from workflows.refresh import RefreshCasesWorkflow
from workflows.webhooks import WebhookDeliveryWorkflow

log = logging.getLogger("medallion.worker")

HEARTBEAT_THROTTLE = timedelta(seconds=2)


@asynccontextmanager
async def source_clients(
    settings: Settings,
) -> AsyncIterator[tuple[TiParserClient, CaseHelperClient]]:
    """One HTTP connection pool per process, shared by both source clients."""
    tiparser_cfg, casehelper_cfg = settings.tiparser(), settings.casehelper()
    async with new_http_client(max_connections=100) as http:
        tiparser = TiParserClient(
            tiparser_cfg.url, tiparser_cfg.api_key, http, timeout_s=tiparser_cfg.timeout_s
        )
        casehelper = CaseHelperClient(
            casehelper_cfg.url,
            casehelper_cfg.username,
            casehelper_cfg.password,
            casehelper_cfg.app_type,
            casehelper_cfg.api_key,
            http,
            timeout_s=casehelper_cfg.timeout_s,
        )
        yield tiparser, casehelper


class WorkerOptions(TypedDict):
    """The options every worker of a WorkerSet is built with."""

    build_id: str
    max_concurrent_activities: int
    graceful_shutdown_timeout: timedelta
    max_heartbeat_throttle_interval: timedelta
    default_heartbeat_throttle_interval: timedelta


class WorkerSet:
    """The case-ingestion worker and one fetch worker per source, started and stopped together."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers
        self._stack = AsyncExitStack()

    @property
    def task_queue(self) -> str:
        """The case-ingestion task queue (the fetch queues derive from it)."""
        return self.workers[0].task_queue

    async def __aenter__(self) -> "WorkerSet":
        async with AsyncExitStack() as starting:  # one that fails to start stops the others
            for worker in self.workers:
                await starting.enter_async_context(worker)
            self._stack = starting.pop_all()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._stack.aclose()


def build_worker(
    client: Client,
    settings: Settings,
    pool: asyncpg.Pool,
    tiparser: TiParserClient,
    casehelper: CaseHelperClient,
) -> WorkerSet:
    fetch = FetchActivities(
        pool, tiparser, casehelper, interview_from_tiparser=settings.interview_source == "tiparser"
    )
    promotion = PromotionActivities(pool, ChangeDeliveries.from_settings(client, settings))
    runs = RunActivities(pool)
    webhooks = WebhookActivities(
        pool, settings.codec_keys(), block_private=settings.medallion_webhook_block_private
    )
    # Each source's fetches have a task queue of their own, whose rate limit the server holds
    # for all workers together: a per-source limit no single worker could keep alone.
    # What every worker of the set shares. Heartbeats carry cancellation to activities: send
    # them promptly, not batched for 80% of the heartbeat timeout, so a cancel stops a slow
    # fetch within a few seconds.
    shared = WorkerOptions(
        build_id=worker_build_id(),
        max_concurrent_activities=settings.worker_max_concurrent_activities,
        graceful_shutdown_timeout=timedelta(seconds=settings.worker_graceful_shutdown_s),
        max_heartbeat_throttle_interval=HEARTBEAT_THROTTLE,
        default_heartbeat_throttle_interval=HEARTBEAT_THROTTLE,
    )
    fetch_workers = [
        Worker(
            client,
            task_queue=fetch_task_queue(settings.temporal_task_queue, source),
            activities=[fetch.fetch_source],
            max_task_queue_activities_per_second=settings.source_calls_per_s,
            max_concurrent_activity_task_polls=settings.worker_fetch_task_pollers,
            **shared,
        )
        for source in SOURCES
    ]
    main = Worker(
        client,
        task_queue=settings.temporal_task_queue,
        workflows=[CaseIngestionWorkflow, RefreshCasesWorkflow, WebhookDeliveryWorkflow],
        activities=[
            fetch.fetch_source,
            promotion.promote_silver,
            promotion.promote_gold,
            runs.record_stage,
            runs.close_run,
            webhooks.create_batch_deliveries,
            webhooks.reopen_delivery,
            webhooks.send_webhook,
            webhooks.mark_delivery_failed,
        ],
        max_concurrent_workflow_tasks=settings.worker_max_concurrent_workflow_tasks,
        max_concurrent_workflow_task_polls=settings.worker_workflow_task_pollers,
        max_concurrent_activity_task_polls=settings.worker_activity_task_pollers,
        max_cached_workflows=settings.worker_max_cached_workflows,
        **shared,
    )
    return WorkerSet([main, *fetch_workers])


async def _connected_client(
    settings: Settings, runtime: Runtime | None, tracing: Tracing | None
) -> Client:
    interceptors = tracing.temporal_interceptors() if tracing else []
    client = await connect(settings, runtime=runtime, interceptors=interceptors)
    added = await ensure_search_attributes(client)
    if added:
        log.info("search attributes registered", extra={"attributes": ",".join(added)})
    return client


async def _endpoint(settings: Settings, health: WorkerHealth) -> tuple[Runtime, WorkerEndpoint]:
    """The runtime exposing its metrics on loopback, and our endpoint on WORKER_METRICS_PORT."""
    assert settings.worker_metrics_port is not None
    runtime_address = loopback_address()
    runtime = prometheus_runtime(runtime_address)
    endpoint = WorkerEndpoint(health, runtime_address)
    await endpoint.start(settings.worker_metrics_host, settings.worker_metrics_port)
    url = f"http://{settings.worker_metrics_host}:{settings.worker_metrics_port}"
    log.info("metrics and health served", extra={"url": url, "paths": "/metrics,/health"})
    return runtime, endpoint


async def run_worker(settings: Settings, tracing: Tracing | None = None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    health = WorkerHealth()
    runtime, endpoint = None, None
    if settings.worker_metrics_port is not None:
        runtime, endpoint = await _endpoint(settings, health)
    try:
        await _poll_until_stopped(settings, tracing, runtime, health, stop)
    finally:
        if endpoint is not None:
            await endpoint.close()
    log.info("worker stopped")


async def _poll_until_stopped(
    settings: Settings,
    tracing: Tracing | None,
    runtime: Runtime | None,
    health: WorkerHealth,
    stop: asyncio.Event,
) -> None:
    client = await until_reachable(
        "Temporal", lambda: _connected_client(settings, runtime, tracing), stop
    )
    if client is None:
        return
    health.waiting_for = "Postgres"
    pool = await until_reachable(
        "Postgres",
        lambda: create_pool(settings.require_database_url(), max_size=settings.database_pool_size),
        stop,
    )
    if pool is None:
        return
    try:
        async with source_clients(settings) as (tiparser, casehelper):
            worker = build_worker(client, settings, pool, tiparser, casehelper)
            async with worker:
                health.polling(client, worker.workers)
                log.info(
                    "worker polling",
                    extra={
                        "task_queue": settings.temporal_task_queue,
                        "fetch_task_queues": ",".join(
                            fetch_task_queue(settings.temporal_task_queue, s) for s in SOURCES
                        ),
                        "source_calls_per_s": settings.source_calls_per_s,
                        "temporal": client.service_client.config.target_host,
                        "namespace": client.namespace,
                    },
                )
                await stop.wait()
                health.draining = True
                log.info("worker stopping: finishing in-flight activities")
    finally:
        await pool.close()


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_format, settings.log_level)
    tracing = Tracing.from_environment("medallion-worker")
    if tracing is not None:
        tracing.instrument_libraries()
    freeze_startup_heap()
    try:
        uvloop.run(run_worker(settings, tracing))
    finally:
        if tracing is not None:
            tracing.shutdown()


if __name__ == "__main__":
    main()
