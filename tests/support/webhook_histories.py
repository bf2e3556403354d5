"""Recorded runs of WebhookDeliveryWorkflow, kept apart from the case runs' (tests/histories/) and
replayed on every test run against the current code; RECORD_HISTORIES=1 records them again."""

import json
import os
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.converter import DataConverter
from temporalio.worker import Replayer

from tests.support.histories import without_machine_detail
from tests.support.history import decoded
from workflows.webhooks import WebhookDeliveryWorkflow

WEBHOOK_HISTORIES = Path(__file__).resolve().parent.parent / "webhook_histories"


def recorded_webhook_histories() -> list[Path]:
    return sorted(WEBHOOK_HISTORIES.glob("*.json"))


def webhook_replayer(converter: DataConverter = DataConverter.default) -> Replayer:
    return Replayer(workflows=[WebhookDeliveryWorkflow], data_converter=converter)


async def replay_and_maybe_record_webhooks(
    handle: WorkflowHandle[Any, Any], name: str, converter: DataConverter
) -> None:
    history = await handle.fetch_history()
    await webhook_replayer(converter).replay_workflow(history)
    if os.environ.get("RECORD_HISTORIES"):
        tree = json.loads(history.to_json())
        if converter.payload_codec is not None:
            # Kept decoded: the test session's key is thrown away, the history must stay readable.
            tree = await decoded(tree, converter.payload_codec)
        WEBHOOK_HISTORIES.mkdir(exist_ok=True)
        (WEBHOOK_HISTORIES / f"{name}.json").write_text(without_machine_detail(json.dumps(tree)))
