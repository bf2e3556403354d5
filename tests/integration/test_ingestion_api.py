"""The product end to end: REST trigger → workflow → sandbox sources → Bronze → Silver → Gold."""

import asyncpg
import httpx
from temporalio.client import Client
from temporalio.worker import Worker

from tests.support.cases import add_fault, status_of, wait_for_status
from tests.support.polling import eventually
from workflows.case_ingestion import CASE_ID, INGESTION_STAGE


async def test_trigger_runs_the_case_to_complete(
    api: httpx.AsyncClient,
    worker: Worker,
    pg_pool: asyncpg.Pool,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    response = await api.post(f"/api/cases/{new_case_id}/extract")

    assert response.status_code == 202
    trigger = response.json()
    assert trigger["status"] == "triggered"
    assert trigger["case_number"] == f"CASE-{new_case_id}"
    assert trigger["workflow_id"] == f"case-ingestion-{new_case_id}"
    assert trigger["dagster_ui"] == trigger["temporal_ui"]
    assert f"/workflows/case-ingestion-{new_case_id}/" in trigger["temporal_ui"]

    report = await wait_for_status(api, new_case_id, "complete")
    assert report["message"] == "Data fully processed and ready to use."
    assert report["stage"] == "complete"
    payload_rows = await pg_pool.fetch(
        "SELECT source, count(*) AS n FROM bronze_payloads WHERE case_id = $1 GROUP BY source",
        new_case_id,
    )
    stored = {r["source"]: r["n"] for r in payload_rows}
    assert report["bronze"]["total_records"] == sum(stored.values())
    for source in ("at", "wi", "interview"):
        block = report["bronze"]["sources"][source]
        assert report["bronze"][source] is True
        assert block["state"] == "succeeded"
        assert block["payloads"] == stored[source] == 1
        assert block["attempts"] == 1
        assert block["last_http_status"] == 200
    activity = await pg_pool.fetchval(
        "SELECT count(*) FROM account_activity WHERE case_id = $1", new_case_id
    )
    assert report["silver"]["account_activity"] == activity > 0
    assert report["silver"]["tax_years"] > 0
    assert report["silver"]["total_records"] == (
        report["silver"]["tax_years"] + report["silver"]["income_documents"]
    )
    assert report["gold"]["employment"] >= 1
    assert report["gold"]["household"] == 1
    assert report["workflow"]["temporal_status"] == "completed"
    # The status says complete once Gold's transaction records the close; the run upserts its
    # final stage when it ends, a workflow task later.
    handle = temporal_client.get_workflow_handle(trigger["workflow_id"])
    await handle.result()
    described = await handle.describe()
    assert described.typed_search_attributes.get(CASE_ID) == new_case_id
    assert described.typed_search_attributes.get(INGESTION_STAGE) == "complete"


async def test_status_of_an_unknown_case_is_404_not_started(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    response = await api.get(f"/api/cases/{new_case_id}/status")

    assert response.status_code == 404
    assert response.json()["status"] == "not_started"


async def test_a_malformed_case_id_is_422_before_any_workflow(api: httpx.AsyncClient) -> None:
    for path in ("/api/cases/12ab/extract", "/api/cases/1234567890123/extract"):
        assert (await api.post(path)).status_code == 422
    response = await api.post("/api/extract", json={"case_id": "CASE-1"})
    assert response.status_code == 422


async def test_second_trigger_while_running_attaches(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=3)

    first = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    second = (await api.post("/api/extract", json={"case_id": new_case_id})).json()

    assert first["attached"] is False
    assert second["attached"] is True
    assert second["run_id"] == first["run_id"]
    await wait_for_status(api, new_case_id, "complete")


async def test_rerun_adds_no_bronze_row_for_unchanged_payloads(
    api: httpx.AsyncClient, worker: Worker, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    first = await wait_for_status(api, new_case_id, "complete")

    rerun = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    assert rerun["attached"] is False
    second = await eventually(
        lambda: status_of(api, new_case_id),
        lambda s: s["workflow"]["run_id"] == rerun["run_id"] and s["status"] == "complete",
    )

    assert second["bronze"]["total_records"] == first["bronze"]["total_records"]
    assert second["bronze"]["sources"]["at"]["outcome"] == "duplicate"
    assert (
        second["bronze"]["sources"]["at"]["current_bronze_id"]
        == (first["bronze"]["sources"]["at"]["current_bronze_id"])
    )
    outcomes = await pg_pool.fetch(
        "SELECT outcome FROM bronze_fetch_attempts WHERE case_id = $1 AND ingestion_run_id = $2",
        new_case_id,
        rerun["run_id"],
    )
    assert {r["outcome"] for r in outcomes} <= {"duplicate", "empty", "absent"}


async def test_changed_source_data_becomes_the_current_payload(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    first = await wait_for_status(api, new_case_id, "complete")
    revision = await sandbox.post(f"/_sandbox/cases/{new_case_id}/revision")
    assert revision.status_code in (200, 201)

    rerun = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    second = await eventually(
        lambda: status_of(api, new_case_id),
        lambda s: s["workflow"]["run_id"] == rerun["run_id"] and s["status"] == "complete",
    )

    at_before, at_after = (r["bronze"]["sources"]["at"] for r in (first, second))
    assert at_after["payloads"] == 2
    assert at_after["outcome"] == "stored"
    assert at_after["current_bronze_id"] != at_before["current_bronze_id"]


async def test_legacy_routes_answer_like_the_canonical_ones(
    api: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    response = await api.post(f"/api/dagster/cases/{new_case_id}/extract")
    assert response.status_code == 202
    assert response.json()["status"] == "triggered"
    await wait_for_status(api, new_case_id, "complete")

    legacy = (await api.get(f"/api/dagster/status/{new_case_id}")).json()
    canonical = (await api.get(f"/api/cases/{new_case_id}/status")).json()
    for report in (legacy, canonical):
        report.pop("generated_at")
    assert legacy == canonical
    openapi = (await api.get("/openapi.json")).json()
    assert openapi["paths"]["/api/dagster/status/{case_id}"]["get"]["deprecated"] is True


async def test_sync_mode_waits_for_the_result(
    api: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    response = await api.post(
        "/api/extract", json={"case_id": new_case_id, "async_mode": False}, timeout=60
    )

    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert (await status_of(api, new_case_id))["status"] == "complete"


async def test_rebuild_without_fetch_calls_no_source(
    api: httpx.AsyncClient, worker: Worker, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    first = await wait_for_status(api, new_case_id, "complete")

    rebuild = (await api.post(f"/api/cases/{new_case_id}/extract?fetch=false")).json()
    second = await eventually(
        lambda: status_of(api, new_case_id),
        lambda s: s["workflow"]["run_id"] == rebuild["run_id"] and s["status"] == "complete",
    )

    attempts = await pg_pool.fetchval(
        "SELECT count(*) FROM bronze_fetch_attempts WHERE ingestion_run_id = $1", rebuild["run_id"]
    )
    assert attempts == 0
    assert second["silver"] == first["silver"]
    assert second["gold"] == first["gold"]
    assert {s["state"] for s in second["bronze"]["sources"].values()} == {"skipped"}


async def test_an_unknown_body_field_is_422_and_starts_nothing(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    response = await api.post("/api/extract", json={"case_id": new_case_id, "asyncmode": False})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "asyncmode"]
    assert (await api.get(f"/api/cases/{new_case_id}/status")).status_code == 404
