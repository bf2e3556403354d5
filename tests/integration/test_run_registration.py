"""A run started outside the API (the Temporal UI or CLI, a schedule) registers its case before
any fetch stores a payload, whichever source's fetch runs first."""

import asyncio

import asyncpg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.platform.settings import Settings
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, workflow_id_for


async def test_every_fetch_of_a_run_the_api_did_not_register_stores_at_its_first_attempt(
    temporal_client: Client,
    worker: Worker,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    # An uncommitted row of the case holds every registration back until it rolls back, so the
    # fetches reach the database in whatever order their queues hand them out.
    async with pg_pool.acquire() as conn:
        held = conn.transaction()
        await held.start()
        await conn.execute(
            "INSERT INTO cases (case_id, case_number) VALUES ($1, $2)", new_case_id, "held"
        )
        handle = await temporal_client.start_workflow(
            CaseIngestionWorkflow.run,
            IngestionInput(case_id=new_case_id),
            id=workflow_id_for(new_case_id),
            task_queue=settings.temporal_task_queue,
        )
        await asyncio.sleep(2)  # every fetch has been handed out and waits on the row
        await held.rollback()

    await handle.result()
    attempts = [
        event.activity_task_started_event_attributes.attempt
        async for event in handle.fetch_history_events()
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]
    assert attempts and set(attempts) == {1}
