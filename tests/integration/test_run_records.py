"""Where the status route learns of a run: Postgres for a run that closed and recorded its end,
Temporal otherwise; the trigger records each run it starts at once."""

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from temporalio.client import Client

from api.status_report import build_status_report
from medallion.devstack.processes import free_port
from medallion.platform.settings import Settings
from tests.support.cases import add_fault
from workflows.models import IngestionStatus, Stage, workflow_id_for


async def _record_closed_run(pool: asyncpg.Pool, case_id: str, run_id: str, stage: Stage) -> None:
    started = datetime.now(UTC) - timedelta(minutes=5)
    status = IngestionStatus(
        case_id=case_id,
        case_number=f"CASE-{case_id}",
        workflow_id=workflow_id_for(case_id),
        run_id=run_id,
        stage=stage,
        started_at=started.isoformat(),
        updated_at=started.isoformat(),
    )
    await pool.execute(
        "INSERT INTO cases (case_id, case_number) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        case_id,
        status.case_number,
    )
    await pool.execute(
        "INSERT INTO ingestion_runs (run_id, workflow_id, case_id, started_at, closed_at, stage,"
        " outcome) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
        run_id,
        status.workflow_id,
        case_id,
        started,
        started + timedelta(seconds=1),
        stage,
        json.dumps(dataclasses.asdict(status)),
    )


async def test_a_closed_run_is_reported_from_postgres_without_asking_temporal(
    pg_pool: asyncpg.Pool, settings: Settings, new_case_id: str
) -> None:
    await _record_closed_run(pg_pool, new_case_id, f"recorded-run-{new_case_id}", Stage.COMPLETE)
    # Nothing listens there: any call to Temporal would fail and mark it unreachable.
    unreachable = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)

    report = await build_status_report(pg_pool, unreachable, settings, new_case_id)

    assert report is not None
    assert report.stage == Stage.COMPLETE
    assert report.workflow is not None
    assert report.workflow.run_id == f"recorded-run-{new_case_id}"
    assert report.workflow.temporal_status == "completed"
    assert "temporal_unavailable" not in {w.code for w in report.warnings}


async def _trigger_alone(api: httpx.AsyncClient, case_id: str) -> dict[str, Any]:
    return dict((await api.post(f"/api/cases/{case_id}/extract")).json())


async def _trigger_in_a_batch(api: httpx.AsyncClient, case_id: str) -> dict[str, Any]:
    [item] = (await api.post("/api/extract/batch", json={"case_ids": [case_id]})).json()["results"]
    assert item["status"] == "started"
    return dict(item)


@pytest.mark.parametrize("trigger_case", [_trigger_alone, _trigger_in_a_batch])
async def test_a_new_run_shows_before_any_worker_takes_it_up(
    api: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    temporal_client: Client,
    new_case_id: str,
    trigger_case: Callable[[httpx.AsyncClient, str], Awaitable[dict[str, Any]]],
) -> None:
    await _record_closed_run(pg_pool, new_case_id, f"earlier-run-{new_case_id}", Stage.COMPLETE)

    trigger = await trigger_case(api, new_case_id)
    try:
        recorded = await pg_pool.fetchrow(
            "SELECT stage, closed_at FROM ingestion_runs WHERE run_id = $1", trigger["run_id"]
        )
        report = (await api.get(f"/api/cases/{new_case_id}/status")).json()
    finally:
        await temporal_client.get_workflow_handle(trigger["workflow_id"]).terminate()

    assert recorded is not None
    assert (recorded["stage"], recorded["closed_at"]) == (Stage.FETCHING, None)
    assert report["status"] == "in_progress"
    assert report["workflow"]["run_id"] == trigger["run_id"]


async def test_a_trigger_after_the_close_is_recorded_starts_a_fresh_run_once_the_old_one_ends(
    api: httpx.AsyncClient,
    worker: Any,
    temporal_client: Client,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    # Gold's transaction records a run's close a moment before the run itself ends. Here the
    # moment is held open: the run waits on a slow source while its row already says closed.
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=60)
    first = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    await pg_pool.execute(
        "UPDATE ingestion_runs SET closed_at = now(), stage = 'complete' WHERE run_id = $1",
        first["run_id"],
    )

    async def end_the_first_run() -> None:
        await asyncio.sleep(0.5)
        await temporal_client.get_workflow_handle(
            workflow_id_for(new_case_id), run_id=first["run_id"]
        ).terminate("the run ends")

    ending = asyncio.create_task(end_the_first_run())
    second = (await api.post(f"/api/cases/{new_case_id}/extract?fetch=false")).json()
    await ending

    assert second["run_id"] != first["run_id"]
    assert second["attached"] is False
