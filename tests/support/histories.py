"""Recorded workflow histories: replayed on every run, recorded on demand.

`tests/histories/*.json` are runs of workflow 1.0, one per path. A change to the workflow
follows docs/workflow.md: these histories keep replaying against it while it carries its patch,
and are recorded again (`RECORD_HISTORIES=1 pytest tests/workflow
tests/integration/test_replay.py`) once the patch is removed.
"""

import json
import os
from pathlib import Path
from typing import Any

from temporalio.client import WorkflowHandle
from temporalio.converter import DataConverter
from temporalio.worker import Replayer

from tests.support.history import decoded, ended_history
from workflows.case_ingestion import CaseIngestionWorkflow

HISTORIES = Path(__file__).resolve().parent.parent / "histories"
_MACHINE_DETAIL = frozenset({"stackTrace", "identity"})


def recorded_histories() -> list[Path]:
    return sorted(HISTORIES.glob("*.json"))


def history_name(path: Path) -> str:
    return path.stem


def without_machine_detail(history_json: str) -> str:
    """Failures keep their messages; stack traces (paths of the recording machine), client
    identities and sticky task queue names (its pid and host name) go."""

    def scrub(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("kind") == "TASK_QUEUE_KIND_STICKY":
                return {**node, "name": "sticky"}
            return {k: "" if k in _MACHINE_DETAIL else scrub(v) for k, v in node.items()}
        if isinstance(node, list):
            return [scrub(item) for item in node]
        return node

    return json.dumps(scrub(json.loads(history_json)), indent=2) + "\n"


async def replay_and_maybe_record(
    handle: WorkflowHandle[Any, Any],
    name: str,
    converter: DataConverter = DataConverter.default,
) -> None:
    """The run's history replays against the current code; RECORD_HISTORIES=1 keeps it."""
    history = await ended_history(handle)
    await Replayer(workflows=[CaseIngestionWorkflow], data_converter=converter).replay_workflow(
        history
    )
    if os.environ.get("RECORD_HISTORIES"):
        tree = json.loads(history.to_json())
        if converter.payload_codec is not None:
            # Kept decoded: the test session's key is thrown away, the history must stay readable.
            tree = await decoded(tree, converter.payload_codec)
        (HISTORIES / f"{name}.json").write_text(without_machine_detail(json.dumps(tree)))
