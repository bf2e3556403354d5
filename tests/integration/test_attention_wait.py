"""A run whose required source failed for good, when nobody answers `needs_attention` before
the configured wait ends, as the status report shows it. Both ends of the wait, for optional and
required sources, are specified in `tests/workflow/test_paths.py`."""

import httpx
import pytest
from temporalio.client import Client, WorkflowFailureError
from temporalio.worker import Worker

from tests.support.cases import add_fault, status_of
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, workflow_id_for


async def run_with_short_wait(client: Client, worker: Worker, case_id: str) -> object:
    return await client.execute_workflow(
        CaseIngestionWorkflow.run,
        IngestionInput(case_id=case_id, needs_attention_timeout_s=1, fetch_max_attempts=1),
        id=workflow_id_for(case_id),
        task_queue=worker.task_queue,
    )


async def test_required_source_failing_for_good_fails_the_run_after_the_wait(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="malformed_json")

    with pytest.raises(WorkflowFailureError):
        await run_with_short_wait(temporal_client, worker, new_case_id)

    report = await status_of(api, new_case_id)
    assert report["status"] == "failed"
    assert report["message"] == "Ingestion failed: required source at failed and was not retried"
    at = report["bronze"]["sources"]["at"]
    assert (at["outcome"], at["payloads"]) == ("contract_error", 1)  # the body is kept in Bronze
    assert report["silver"]["tax_years"] == 0
