"""Determinism guard: workflow histories must replay against the current workflow code.

`tests/histories/*.json` are histories recorded from real runs (complete; needs_attention then
retry; cancel). A change that would break running workflows fails here. To record them again
after an intended, versioned change: `RECORD_HISTORIES=1 pytest tests/integration/test_replay.py`.
"""

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer, Worker

from tests.support.cases import add_fault, pin_canonical_profile, wait_for_status
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import workflow_id_for

HISTORIES = Path(__file__).resolve().parent.parent / "histories"


def recorded_histories() -> list[Path]:
    return sorted(HISTORIES.glob("*.json"))


@pytest.mark.parametrize("path", recorded_histories(), ids=lambda p: p.stem)
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, await asyncio.to_thread(path.read_text))

    await Replayer(workflows=[CaseIngestionWorkflow]).replay_workflow(history)


def test_histories_are_recorded() -> None:
    assert {p.stem for p in recorded_histories()} >= {"complete", "retry", "cancel"}


def without_stack_traces(history_json: str) -> str:
    """Failures keep their messages; stack traces (paths of the recording machine) go."""

    def scrub(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: "" if k == "stackTrace" else scrub(v) for k, v in node.items()}
        if isinstance(node, list):
            return [scrub(item) for item in node]
        return node

    return json.dumps(scrub(json.loads(history_json)), indent=2) + "\n"


async def _replay_and_maybe_record(client: Client, case_id: str, name: str) -> None:
    history = await client.get_workflow_handle(workflow_id_for(case_id)).fetch_history()
    await Replayer(workflows=[CaseIngestionWorkflow]).replay_workflow(history)
    if os.environ.get("RECORD_HISTORIES"):
        (HISTORIES / f"{name}.json").write_text(without_stack_traces(history.to_json()))


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
        await _replay_and_maybe_record(temporal_client, case_id, name)
