"""Runs through the whole stack (complete; needs_attention then retry; cancel) replay against
the current workflow code, and are kept in `tests/histories/` with `RECORD_HISTORIES=1`.

`tests/workflow/test_replay.py` replays every recorded history on every run.
"""

import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from tests.support.cases import add_fault, pin_canonical_profile, wait_for_status
from tests.support.histories import replay_and_maybe_record
from workflows.models import workflow_id_for


async def test_fresh_runs_replay(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    complete_case, retry_case, cancel_case = new_case_id, new_case_id + "1", new_case_id + "2"
    for case_id in (retry_case, cancel_case):
        await pin_canonical_profile(sandbox, case_id)

    await api.post(f"/api/cases/{complete_case}/extract")
    fault = await add_fault(sandbox, case_id=retry_case, source="trt", kind="status", status=502)
    await api.post(f"/api/cases/{retry_case}/extract")
    await add_fault(sandbox, case_id=cancel_case, source="interview", kind="latency", delay_s=60)
    await api.post(f"/api/cases/{cancel_case}/extract")

    await wait_for_status(api, complete_case, "complete")
    await wait_for_status(api, retry_case, "needs_attention", timeout_s=45)
    await sandbox.delete(f"/_sandbox/faults/{fault}")
    await api.post(f"/api/cases/{retry_case}/retry")
    await api.post(f"/api/cases/{cancel_case}/cancel", json={"reason": "replay test"})
    await wait_for_status(api, retry_case, "complete")
    await wait_for_status(api, cancel_case, "cancelled")

    for case_id, name in (
        (complete_case, "complete"),
        (retry_case, "retry"),
        (cancel_case, "cancel"),
    ):
        handle = temporal_client.get_workflow_handle(workflow_id_for(case_id))
        await replay_and_maybe_record(handle, name, temporal_client.data_converter)
