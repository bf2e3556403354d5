"""Determinism guard for webhook delivery: every recorded delivery run replays against the
current WebhookDeliveryWorkflow (recorded by tests/integration/webhooks/test_replay.py)."""

import asyncio
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory

from tests.support.webhook_histories import recorded_webhook_histories, webhook_replayer


@pytest.mark.parametrize("path", recorded_webhook_histories(), ids=lambda p: p.stem)
async def test_recorded_delivery_run_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, await asyncio.to_thread(path.read_text))

    await webhook_replayer().replay_workflow(history)


def test_every_delivery_path_has_a_recorded_history() -> None:
    assert {p.stem for p in recorded_webhook_histories()} >= {"retried", "failed", "resent"}
