"""The workflow's search attributes when its start did not set them (UI, CLI, other clients)."""

import uuid

from temporalio.client import Client
from temporalio.worker import Worker

from workflows.case_ingestion import CASE_ID, INGESTION_STAGE, CaseIngestionWorkflow
from workflows.models import IngestionInput, workflow_id_for


async def test_a_run_started_without_search_attributes_sets_them_itself(
    temporal_client: Client, worker: Worker, new_case_id: str
) -> None:
    handle = await temporal_client.start_workflow(
        CaseIngestionWorkflow.run,
        IngestionInput(case_id=new_case_id, fetch_max_attempts=2),
        id=f"{workflow_id_for(new_case_id)}-{uuid.uuid4()}",
        task_queue=worker.task_queue,
    )
    await handle.result()

    described = await handle.describe()
    assert described.typed_search_attributes.get(CASE_ID) == new_case_id
    assert described.typed_search_attributes.get(INGESTION_STAGE) == "complete"
