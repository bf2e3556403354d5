"""Temporal's history of a real run holds ciphertext only; the product's codec reads it back."""

import json
from collections.abc import Iterator
from typing import Any

import httpx
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from medallion.platform.codec import ENCODING, EncryptionCodec
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.history import CLEAR_BY_DESIGN, ended_history, payloads_in, search_attributes
from workflows.models import workflow_id_for


async def test_history_holds_only_ciphertext_that_the_codec_decodes(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_env: WorkflowEnvironment,
    settings: Settings,
    new_case_id: str,
) -> None:
    pinned = await sandbox.put(
        f"/_sandbox/cases/{new_case_id}/profile", json={"silver_hazards": True}
    )
    assert pinned.status_code == 200, pinned.text
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")

    # The test server's own client has no codec: it sees what the server stores.
    history = await ended_history(
        temporal_env.client.get_workflow_handle(workflow_id_for(new_case_id))
    )
    stored = history.to_json()
    tree = json.loads(stored)
    payloads = list(payloads_in(tree, skip=CLEAR_BY_DESIGN))

    assert len(payloads) > 10
    assert all(p.metadata["encoding"] == ENCODING for p in payloads)
    attributes = search_attributes(tree)
    assert set(attributes) <= {"CaseId", "IngestionStage", "TemporalChangeVersion"}
    assert attributes["CaseId"] == {f'"{new_case_id}"'}
    assert attributes["IngestionStage"] <= {
        f'"{s}"' for s in ("fetching", "silver", "gold", "complete")
    }
    decoded = await EncryptionCodec(settings.codec_keys()).decode(payloads)
    details = {
        detail
        for p in decoded
        if p.metadata["encoding"] == b"json/plain"
        for detail in warning_details(json.loads(p.data))
    }
    # Silver's warnings travel through history once (Gold's stay in Postgres with the run).
    assert len(details) >= 3, "the hazards case raises Silver warnings"
    assert not [d for d in details if d in stored]


def warning_details(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("detail"), str) and "code" in node:
            yield node["detail"]
        for value in node.values():
            yield from warning_details(value)
    elif isinstance(node, list):
        for item in node:
            yield from warning_details(item)
