"""A run Temporal closed without its own bookkeeping reads as what happened (issue 8.7)."""

import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from tests.support.cases import add_fault, status_of, wait_for_status
from tests.support.polling import eventually
from workflows.models import workflow_id_for


async def test_a_run_terminated_in_temporal_reads_failed_terminated_not_complete(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=60)
    await api.post(f"/api/cases/{new_case_id}/extract")
    await eventually(
        lambda: status_of(api, new_case_id),
        lambda s: s.get("bronze", {}).get("sources", {}).get("wi", {}).get("state") == "succeeded",
    )

    await temporal_client.get_workflow_handle(workflow_id_for(new_case_id)).terminate("by hand")

    report = await wait_for_status(api, new_case_id, "failed", timeout_s=30)
    assert report["stage"] == "failed"
    assert "terminated in Temporal" in report["message"]
    assert report["workflow"]["temporal_status"] == "terminated"
