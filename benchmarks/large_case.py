"""The benchmarks' shared ground: the sandbox's large case (909000: 30 tax years × 200
transactions, 2,000 WI forms, TRT lines, a full interview) stored in Bronze as the fetch activity
stores it, on a scratch database."""

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from medallion.bronze.canonical_json import canonical_sha256
from medallion.bronze.store import AttemptContext, ReceivedPayload, store_payload
from medallion.cases.identity import default_case_number
from medallion.devstack.postgres import EmbeddedPostgres
from medallion.platform.migrate import apply_migrations
from sandbox.data import LARGE_CASE_ID, SOURCES, large_case

_SOURCE_SYSTEMS = {"at": "tiparser", "wi": "tiparser", "trt": "tiparser", "interview": "casehelper"}


async def store_large_case(pool: asyncpg.Pool, revision: int = 0) -> str:
    """Register the case and store its four payloads (of the sandbox's `revision`) as current;
    return its case id."""
    await pool.execute(
        "INSERT INTO cases (case_id, case_number) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        LARGE_CASE_ID,
        default_case_number(LARGE_CASE_ID),
    )
    payloads = large_case(LARGE_CASE_ID, revision)
    for source in SOURCES:
        body = payloads.body(source)
        if body is None:
            continue
        now = datetime.now(UTC)
        await store_payload(
            pool,
            AttemptContext(LARGE_CASE_ID, source, "benchmark", "benchmark", 1, now),
            ReceivedPayload(
                source_system=_SOURCE_SYSTEMS[source],
                request_method="GET",
                request_url=f"http://benchmark.invalid/{source}/{LARGE_CASE_ID}",
                http_status=200,
                content_type="application/json",
                payload_kind="json",
                json_text=body.decode(),
                raw_bytes=body,
                payload_sha256=canonical_sha256(body),
                payload_bytes=len(body),
                wrapper_variant=None,
                fetched_at=now,
            ),
            outcome=None,
        )
    return LARGE_CASE_ID


def run_on_scratch_database(measure: Callable[[str], Awaitable[None]]) -> None:
    """Run `measure(dsn)` on DATABASE_URL when set, else on a throwaway embedded Postgres;
    migrations are applied first."""

    async def migrated_then_measured(dsn: str) -> None:
        await apply_migrations(dsn)
        await measure(dsn)

    dsn = os.environ.get("DATABASE_URL")
    if dsn:
        asyncio.run(migrated_then_measured(dsn))
        return
    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedPostgres(Path(scratch) / "data")
        try:
            asyncio.run(migrated_then_measured(server.start()))
        finally:
            server.stop()
