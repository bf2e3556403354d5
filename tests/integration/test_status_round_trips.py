"""The status of a finished case costs the API one Postgres round trip and no Temporal call: the
case with its runs, the latest carrying the layers as they were counted when it closed."""

from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest_asyncio
from temporalio.client import Client

from api.status_report import build_status_report
from medallion.platform.db import create_pool
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status


@pytest_asyncio.fixture(loop_scope="session")
async def logged_pool(migrated_dsn: str) -> AsyncIterator[tuple[asyncpg.Pool, list[str]]]:
    queries: list[str] = []

    async def log_queries(conn: asyncpg.Connection) -> None:
        conn.add_query_logger(lambda record: queries.append(record.query))

    pool = await create_pool(migrated_dsn, max_size=1, init=log_queries)  # as the API's
    try:
        yield pool, queries
    finally:
        await pool.close()


async def test_a_finished_case_reports_in_one_round_trip(
    worker: object,
    api: httpx.AsyncClient,
    new_case_id: str,
    temporal_client: Client,
    settings: Settings,
    logged_pool: tuple[asyncpg.Pool, list[str]],
) -> None:
    assert (await api.post(f"/api/cases/{new_case_id}/extract")).status_code == 202
    answered = await wait_for_status(api, new_case_id, "complete")
    pool, queries = logged_pool
    queries.clear()

    report = await build_status_report(pool, temporal_client, settings, new_case_id)

    assert len(queries) == 1
    assert report is not None
    read_again = report.model_dump(mode="json", exclude={"generated_at"})
    assert read_again == {k: v for k, v in answered.items() if k != "generated_at"}
