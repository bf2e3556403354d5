"""Our database failing is never the source's fault (issue 8.3).

The worker reaches Postgres through a proxy the test cuts, so the outage hits only this test.
"""

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.platform.settings import Settings
from medallion.sources.names import SOURCES
from tests.support.cases import add_fault, status_of, wait_for_status
from tests.support.polling import eventually
from tests.support.tcp_proxy import CuttableProxy, postgres_proxy
from worker import WorkerSet, build_worker, source_clients

LATENCY_S = 4  # the sources answer while the database is away
OUTAGE_S = 10


@pytest.fixture
def proxied(migrated_dsn: str) -> Iterator[tuple[CuttableProxy, str]]:
    proxy, dsn = postgres_proxy(migrated_dsn)
    proxy.start()
    try:
        yield proxy, dsn()
    finally:
        proxy.close()


@pytest_asyncio.fixture(loop_scope="session")
async def worker_behind_proxy(
    temporal_client: Client, settings: Settings, proxied: tuple[CuttableProxy, str]
) -> AsyncIterator[WorkerSet]:
    pool = await asyncpg.create_pool(proxied[1], min_size=1, max_size=8)
    try:
        async with source_clients(settings) as (tiparser, casehelper):
            running = build_worker(temporal_client, settings, pool, tiparser, casehelper)
            async with running:
                yield running
    finally:
        pool.terminate()


def _all_sources_running(report: dict[str, Any]) -> bool:
    sources = report.get("bronze", {}).get("sources", {})
    return all(sources.get(s, {}).get("state") == "running" for s in SOURCES)


async def _source_calls(sandbox: httpx.AsyncClient, case_id: str) -> list[dict[str, object]]:
    log = (await sandbox.get("/_sandbox/requests", params={"case_id": case_id})).json()
    return [r for r in log["requests"] if r["source"] in SOURCES]


async def test_a_database_outage_while_fetching_costs_no_source_attempt(
    api: httpx.AsyncClient,
    worker_behind_proxy: Worker,
    sandbox: httpx.AsyncClient,
    proxied: tuple[CuttableProxy, str],
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, kind="latency", delay_s=LATENCY_S)
    await api.post(f"/api/cases/{new_case_id}/extract")
    await eventually(lambda: status_of(api, new_case_id), _all_sources_running)

    proxy = proxied[0]
    proxy.cut()  # the answers arrive while the database is away
    await asyncio.sleep(OUTAGE_S)
    proxy.restore()

    report = await wait_for_status(api, new_case_id, "complete")
    for source in SOURCES:
        block = report["bronze"]["sources"][source]
        assert (block["state"], block["attempts"]) == ("succeeded", 1), (source, block)
    assert len(await _source_calls(sandbox, new_case_id)) == 4  # nothing downloaded twice
    outcomes = await pg_pool.fetch(
        "SELECT outcome FROM bronze_fetch_attempts WHERE case_id = $1", new_case_id
    )
    assert sorted(r["outcome"] for r in outcomes) == ["stored"] * 4
