"""`python worker.py` as a real process: it joins via settings, waits for a Temporal that is not up
yet, and drains on SIGTERM."""

import asyncio
from pathlib import Path

import asyncpg
import httpx

from medallion.devstack.processes import free_port
from medallion.platform.settings import Settings
from tests.support.cases import add_fault, status_of, wait_for_status
from tests.support.polling import eventually
from tests.support.tcp_proxy import CuttableProxy
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


async def test_a_worker_started_before_temporal_waits_for_it_then_takes_cases(
    api: httpx.AsyncClient, settings: Settings, new_case_id: str, tmp_path: Path
) -> None:
    temporal_host, temporal_port = settings.temporal_address.rsplit(":", 1)
    # Nothing listens on the proxy's port until it starts: Temporal is "down" for the worker.
    proxy = CuttableProxy(lambda: asyncio.open_connection(temporal_host, int(temporal_port)))
    proxy.port = free_port()
    unreachable = settings.model_copy(update={"temporal_address": f"127.0.0.1:{proxy.port}"})
    worker = worker_process(unreachable, tmp_path).start()
    try:
        await eventually(
            lambda: asyncio.sleep(0, worker.log_path.read_text()),
            lambda log: "waiting for Temporal" in log,
        )
        assert worker.returncode is None, worker.log_path.read_text()[-2000:]

        proxy.start()
        await api.post(f"/api/cases/{new_case_id}/extract")
        await wait_for_status(api, new_case_id, "complete")
    finally:
        worker.stop(timeout_s=40)
        proxy.close()
    assert worker.returncode == 0, worker.log_path.read_text()[-2000:]
