"""A real ingestion's worker log holds ids and counts, never the taxpayer's identifiers."""

import json
from pathlib import Path

import asyncpg
import httpx

from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.identifiers import interview_identifiers
from tests.support.polling import eventually
from tests.support.worker_process import worker_process


async def test_the_worker_log_names_the_case_but_not_the_taxpayer(
    api: httpx.AsyncClient,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    worker = worker_process(settings, tmp_path).start()
    try:
        await eventually(lambda: api.get("/api/health/ready"), lambda r: r.status_code == 200)
        await api.post(f"/api/cases/{new_case_id}/extract")
        await wait_for_status(api, new_case_id, "complete")
    finally:
        worker.stop()

    identifiers = await interview_identifiers(pg_pool, new_case_id)
    assert identifiers, "the sandbox interview carries identifiers: the test needs them"
    log = worker.log_path.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line.get("case_id") == new_case_id and line.get("run_id") for line in lines)
    for identifier in identifiers:
        assert identifier not in log, "a taxpayer identifier reached the log"
