"""Each source's fetches run on a task queue of their own, whose rate limit Temporal holds for
all workers together (issue 8.8).

Only a lower bound on time is asserted: the limit guarantees fetches cannot start faster, while a
loaded machine may well start them slower.
"""

import asyncio

import asyncpg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from medallion.platform.settings import Settings
from tests.support.case_ids import fresh_case_id
from worker import build_worker, source_clients
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, fetch_task_queue, workflow_id_for

CASES = 8
CALLS_PER_S = 4.0
# The server splits a task queue into partitions (4 by default), each allowed a burst of one
# task before its share of the rate applies: four fetches may start at once (five were seen,
# once). Past them, the rate bounds how fast the rest can start, never how slow.
BURST = 5


async def test_each_source_is_fetched_on_its_own_rate_limited_queue(
    temporal_client: Client, settings: Settings, pg_pool: asyncpg.Pool
) -> None:
    limited = settings.model_copy(update={"source_calls_per_s": CALLS_PER_S})
    case_ids = [fresh_case_id() for _ in range(CASES)]
    # Two workers on connections of their own, as two processes would be: the limit is the
    # queue's, not each worker's.
    other_client = await Client.connect(
        temporal_client.service_client.config.target_host,
        namespace=temporal_client.namespace,
        data_converter=temporal_client.data_converter,
    )
    async with (
        source_clients(limited) as (tiparser, casehelper),
        build_worker(temporal_client, limited, pg_pool, tiparser, casehelper),
        build_worker(other_client, limited, pg_pool, tiparser, casehelper),
    ):
        handles = [
            await temporal_client.start_workflow(
                CaseIngestionWorkflow.run,
                IngestionInput(case_id=case_id, sources=["at"]),
                id=workflow_id_for(case_id),
                task_queue=limited.temporal_task_queue,
            )
            for case_id in case_ids
        ]
        await asyncio.gather(*(handle.result() for handle in handles))

    queues, started = set(), []
    for handle in handles:
        fetches = set()
        async for event in handle.fetch_history_events():
            if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
                attributes = event.activity_task_scheduled_event_attributes
                if attributes.activity_type.name == "fetch_source":
                    queues.add(attributes.task_queue.name)
                    fetches.add(event.event_id)
            elif (
                event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                and event.activity_task_started_event_attributes.scheduled_event_id in fetches
            ):
                started.append(event.event_time.ToDatetime())
    assert queues == {fetch_task_queue(limited.temporal_task_queue, "at")}
    assert len(started) == CASES
    fetch_starts = sorted(started)
    # Past the burst, each further fetch waits its turn under the rate.
    assert (fetch_starts[-1] - fetch_starts[0]).total_seconds() >= (CASES - BURST) / CALLS_PER_S
