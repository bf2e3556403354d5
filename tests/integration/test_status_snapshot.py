"""The status report and the summary of the five golden sandbox cases, as JSON, against snapshots.

The cases run end to end (sandbox → workflow → Bronze, Silver, Gold) in a database of their
own, so no other test's runs of the same reserved ids can change what is reported. Gold is
built as of a fixed date. Ids, timestamps and ports are replaced by placeholders; everything
else must match `tests/snapshots/` byte for byte. After an intended change of the report:
`RECORD_SNAPSHOTS=1 pytest tests/integration/test_status_snapshot.py`, and review the diff.
"""

import asyncio
import json
import os
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
import pytest_asyncio
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.platform.migrate import apply_migrations
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import IngestionInput, workflow_id_for

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
# The Silver golden cases (tests/silver/test_golden_*.py).
GOLDEN_CASES = ("901004", "902008", "903013", "905002", "907001")
AS_OF = "2026-06-30"

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_LOCAL_URL = re.compile(r"http://(127\.0\.0\.1|localhost):\d+")


def normalised(document: Any, fetch_day: str) -> str:
    """The document as stable JSON text: ids, timestamps, local ports and the fetch day replaced."""
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    text = text.replace(f'"balance_date": "{fetch_day}"', '"balance_date": "<fetch day>"')
    text = _UUID.sub("<uuid>", text)
    text = _TIMESTAMP.sub("<timestamp>", text)
    return _LOCAL_URL.sub("http://<host>", text)


@pytest_asyncio.fixture(loop_scope="session")
async def own_dsn(migrated_dsn: str) -> AsyncIterator[str]:
    """A freshly migrated database of this test's own, in the session's Postgres server."""
    name = f"snapshot_{uuid.uuid4().hex}"
    admin = await asyncpg.connect(migrated_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    parts = urlsplit(migrated_dsn)
    dsn = urlunsplit(parts._replace(path=f"/{name}"))
    await apply_migrations(dsn)
    yield dsn
    admin = await asyncpg.connect(migrated_dsn)
    try:
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest_asyncio.fixture(loop_scope="session")
async def pg_pool(own_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(own_dsn, min_size=1, max_size=8)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def settings(settings: Settings, own_dsn: str) -> Settings:
    return settings.model_copy(update={"database_url": own_dsn})


async def _run_to_complete(
    client: Client, settings: Settings, api: httpx.AsyncClient, case_id: str
) -> None:
    await client.start_workflow(
        CaseIngestionWorkflow.run,
        IngestionInput(case_id=case_id, as_of=AS_OF, fetch_max_attempts=2),
        id=workflow_id_for(case_id),
        task_queue=settings.temporal_task_queue,
    )
    await wait_for_status(api, case_id, "complete")


async def _interview_fetch_day(pool: asyncpg.Pool, case_id: str) -> str:
    """The UTC day the interview was fetched: Gold dates the accounts' balances by it."""
    day = await pool.fetchval(
        "SELECT (fetched_at AT TIME ZONE 'UTC')::date FROM bronze_payloads"
        " WHERE case_id = $1 AND source = 'interview'",
        case_id,
    )
    return day.isoformat()


async def test_reports_match_the_snapshots(
    api: httpx.AsyncClient,
    worker: Worker,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
) -> None:
    await asyncio.gather(
        *(_run_to_complete(temporal_client, settings, api, c) for c in GOLDEN_CASES)
    )

    mismatched = []
    for case_id in GOLDEN_CASES:
        fetch_day = await _interview_fetch_day(pg_pool, case_id)
        for kind in ("status", "summary"):
            response = await api.get(f"/api/cases/{case_id}/{kind}")
            assert response.status_code == 200, response.text
            actual = normalised(response.json(), fetch_day)
            path = SNAPSHOTS / f"{kind}_{case_id}.json"
            if os.environ.get("RECORD_SNAPSHOTS"):
                path.write_text(actual)
            elif path.read_text() != actual:
                mismatched.append(path.name)
    assert not mismatched, f"reports differ from their snapshots: {mismatched}"
