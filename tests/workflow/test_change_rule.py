"""The rule for changing the workflow (docs/workflow.md), shown on one change: recorded runs of
workflow 1.0 fail to replay against it made plainly, and replay when it is behind a patch."""

import asyncio

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer
from temporalio.workflow import NondeterminismError

from tests.support.histories import HISTORIES
from tests.workflow.changed import ChangedWithoutPatch, ChangedWithPatch

# A run that reached Silver: the change is on its path.
RECORDED = HISTORIES / "complete_mocked.json"


async def _recorded() -> WorkflowHistory:
    return WorkflowHistory.from_json("complete", await asyncio.to_thread(RECORDED.read_text))


async def test_a_change_without_the_rule_breaks_a_recorded_run() -> None:
    with pytest.raises(NondeterminismError):
        await Replayer(workflows=[ChangedWithoutPatch]).replay_workflow(await _recorded())


async def test_the_same_change_behind_a_patch_replays_the_recorded_run() -> None:
    await Replayer(workflows=[ChangedWithPatch]).replay_workflow(await _recorded())
