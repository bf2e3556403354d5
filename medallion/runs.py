"""The `cases` and `ingestion_runs` rows of a run's start, written by whoever learns of the run
first: the API (the case before its start call, the run right after it) or the workflow's own
`open_run` (both in one transaction); a second write is a no-op. And the open stages a run
records on its way, for the case list."""

from datetime import datetime

import asyncpg

from medallion.db import Connection

_ENSURE_CASE = """
INSERT INTO cases (case_id, case_number) VALUES ($1, $2)
ON CONFLICT (case_id) DO NOTHING
"""

_OPEN_RUN = """
INSERT INTO ingestion_runs (run_id, workflow_id, case_id, started_at, updated_at, stage)
VALUES ($1, $2, $3, $4, $4, 'fetching')
ON CONFLICT (run_id) DO NOTHING
"""

# Only forward, and never after the close: a retried write may arrive late.
_RECORD_STAGE = """
UPDATE ingestion_runs SET stage = $2, updated_at = $3
 WHERE run_id = $1 AND closed_at IS NULL AND updated_at <= $3
"""


async def ensure_case(db: Connection | asyncpg.Pool, case_id: str, case_number: str) -> None:
    """Register the case: created when its workflow starts and nowhere else (DOMAIN 1.4)."""
    await db.execute(_ENSURE_CASE, case_id, case_number)


async def record_run_opened(
    db: Connection | asyncpg.Pool,
    *,
    case_id: str,
    workflow_id: str,
    run_id: str,
    started_at: datetime,
) -> None:
    """Register the run of a case already registered."""
    await db.execute(_OPEN_RUN, run_id, workflow_id, case_id, started_at)


async def record_run_started(
    conn: Connection,
    *,
    case_id: str,
    case_number: str,
    workflow_id: str,
    run_id: str,
    started_at: datetime,
) -> None:
    """Register the case and its run."""
    async with conn.transaction():
        await ensure_case(conn, case_id, case_number)
        await record_run_opened(
            conn, case_id=case_id, workflow_id=workflow_id, run_id=run_id, started_at=started_at
        )


async def record_open_stage(
    db: Connection | asyncpg.Pool, run_id: str, stage: str, at: datetime
) -> None:
    """Record the stage the run entered at `at` (workflow time), unless a later one is known."""
    await db.execute(_RECORD_STAGE, run_id, stage, at)
