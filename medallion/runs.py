"""The `ingestion_runs` row of a run's start, written by whoever learns of the run first: the
API right after its start call, or the workflow's own `open_run` (the second write is a no-op)."""

from datetime import datetime

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


async def record_run_started(
    conn: Connection,
    *,
    case_id: str,
    case_number: str,
    workflow_id: str,
    run_id: str,
    started_at: datetime,
) -> None:
    """Register the case (created at workflow start and nowhere else, DOMAIN 1.4) and its run."""
    async with conn.transaction():
        await conn.execute(_ENSURE_CASE, case_id, case_number)
        await conn.execute(_OPEN_RUN, run_id, workflow_id, case_id, started_at)
