"""`python worker.py` as a real process: it joins via settings and drains on SIGTERM."""

from pathlib import Path

import asyncpg
import httpx

from medallion.settings import Settings
from tests.support.cases import add_fault, status_of
from tests.support.polling import eventually
from tests.support.worker_process import worker_process


async def test_sigterm_lets_the_in_flight_fetch_finish(
    api: httpx.AsyncClient,
    sandbox: httpx.AsyncClient,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    worker = worker_process(settings, tmp_path).start()
    try:
        await eventually(lambda: api.get("/api/health/ready"), lambda r: r.status_code == 200)
        await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=4)
        await api.post(f"/api/cases/{new_case_id}/extract")
        await eventually(
            lambda: status_of(api, new_case_id),
            lambda s: (
                s.get("bronze", {}).get("sources", {}).get("at", {}).get("state") == "running"
            ),
        )
    finally:
        worker.stop(timeout_s=40)  # SIGTERM, then wait

    assert worker.returncode == 0, worker.log_path.read_text()[-2000:]
    outcome = await pg_pool.fetchval(
        "SELECT outcome FROM bronze_fetch_attempts WHERE case_id = $1 AND source = 'at'",
        new_case_id,
    )
    assert outcome == "stored"
