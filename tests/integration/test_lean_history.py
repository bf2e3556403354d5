"""A happy-path case's history stays lean (issue 21): read from a real run through the API."""

import asyncpg
import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.cases.history_counts import history_counts
from medallion.platform.build_id import worker_build_id
from tests.support.cases import wait_for_status
from workflows.case_ingestion import INGESTION_STAGE
from workflows.models import workflow_id_for


async def test_a_complete_case_writes_a_lean_history_and_records_its_close(
    api: httpx.AsyncClient,
    worker: Worker,
    temporal_client: Client,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    handle = temporal_client.get_workflow_handle(workflow_id_for(new_case_id))
    await handle.result()

    counts = await history_counts(handle)
    history = await handle.fetch_history()

    assert counts.markers == 0
    assert counts.upserts <= 1
    assert counts.events <= 21
    assert counts.bytes <= 10 * 1024
    assert counts.result_bytes <= 1024
    # Each workflow task names the code that completed it, as the UI shows it.
    completed = [
        e.workflow_task_completed_event_attributes
        for e in history.events
        if e.HasField("workflow_task_completed_event_attributes")
    ]
    assert completed
    assert {c.worker_version.build_id for c in completed} == {worker_build_id()}
    # The UI's filter still finds how the run ended.
    described = await handle.describe()
    assert described.typed_search_attributes.get(INGESTION_STAGE) == "complete"
    # Gold's transaction recorded the close: the run's status as its outcome, with the Silver
    # counts its own transaction recorded, and the layers' counts for the status read.
    row = await pg_pool.fetchrow(
        "SELECT stage, closed_at, outcome->>'stage' AS outcome_stage,"
        " outcome->'silver' = silver->'counts' AS silver_recorded, snapshot IS NOT NULL AS snapshot"
        " FROM ingestion_runs WHERE run_id = $1",
        described.run_id,
    )
    assert row is not None and row["closed_at"] is not None
    assert (row["stage"], row["outcome_stage"]) == ("complete", "complete")
    assert row["silver_recorded"] and row["snapshot"]
