"""Determinism guard: every recorded history replays against the current workflow code.

`tests/histories/*_mocked.json` come from the workflow tests here, one per path; the others
from real runs through the whole stack (`tests/integration/test_replay.py`). A change that fails
here would break running workflows: follow docs/workflow.md.
"""

import asyncio
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from tests.support.histories import history_name, recorded_histories
from workflows.case_ingestion import CaseIngestionWorkflow

PATHS = {
    "complete_mocked",
    "retry_mocked",
    "wait_ends_optional_mocked",
    "wait_ends_required_mocked",
    "cancel_in_fetching_mocked",
    "cancel_in_needs_attention_mocked",
    "cancel_in_silver_mocked",
    "cancel_in_gold_finishes_gold_mocked",
    "cancel_from_temporal_mocked",
    "promotion_failure_mocked",
}


@pytest.mark.parametrize("path", recorded_histories(), ids=history_name)
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(history_name(path), await asyncio.to_thread(path.read_text))

    await Replayer(workflows=[CaseIngestionWorkflow]).replay_workflow(history)


def test_every_path_has_a_recorded_history() -> None:
    assert {p.stem for p in recorded_histories()} >= PATHS | {"complete", "retry", "cancel"}
