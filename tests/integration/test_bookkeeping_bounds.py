"""Run bookkeeping can never wedge a case, whatever text reaches it (issue 8.1).

The API refuses unprintable text, but a signal or start sent with the Temporal CLI does not go
through the API: the run must still end with a true stage, never wait for a terminate.
"""

import asyncpg
import httpx
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError
from temporalio.worker import Worker

from medallion.platform.settings import Settings
from tests.support.cases import add_fault, status_of
from tests.support.polling import eventually
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import CancelRequest, IngestionInput, workflow_id_for


async def test_a_cancel_reason_postgres_cannot_store_still_ends_the_run_cancelled(
    temporal_client: Client,
    worker: Worker,
    settings: Settings,
    sandbox: httpx.AsyncClient,
    api: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=60)
    handle = await temporal_client.start_workflow(
        CaseIngestionWorkflow.run,
        IngestionInput(case_id=new_case_id),
        id=workflow_id_for(new_case_id),
        task_queue=settings.temporal_task_queue,
    )
    await eventually(
        lambda: pg_pool.fetchval("SELECT count(*) FROM cases WHERE case_id = $1", new_case_id),
        lambda n: n == 1,
    )

    await handle.signal(CaseIngestionWorkflow.cancel, CancelRequest(reason="bad\u0000reason\ud800"))

    result = await eventually(
        handle.describe, lambda d: d.status != WorkflowExecutionStatus.RUNNING
    )
    assert result.status == WorkflowExecutionStatus.COMPLETED
    stage = await pg_pool.fetchval(
        "SELECT stage FROM ingestion_runs WHERE run_id = $1", result.run_id
    )
    assert stage == "cancelled"
    report = await status_of(api, new_case_id)
    assert report["status"] == "cancelled"


async def test_a_case_number_postgres_cannot_store_fails_the_run_with_a_reason(
    temporal_client: Client, worker: Worker, settings: Settings, new_case_id: str
) -> None:
    handle = await temporal_client.start_workflow(
        CaseIngestionWorkflow.run,
        IngestionInput(case_id=new_case_id, case_number="CASE-\u0000"),
        id=workflow_id_for(new_case_id),
        task_queue=settings.temporal_task_queue,
    )

    try:
        await eventually(handle.describe, lambda d: d.status != WorkflowExecutionStatus.RUNNING)
        await handle.result()
    except WorkflowFailureError as err:
        assert "could not be registered" in str(err.cause)
    else:
        raise AssertionError("the run should fail: its case cannot be registered")
