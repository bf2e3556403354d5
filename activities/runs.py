"""Run bookkeeping: register the case and the run at start, record the outcome at the end."""

import dataclasses
import json
from datetime import UTC, datetime

import asyncpg
from temporalio import activity

from workflows.models import RunClosure, RunRecord

_ENSURE_CASE = """
INSERT INTO cases (case_id, case_number) VALUES ($1, $2)
ON CONFLICT (case_id) DO NOTHING
"""

_OPEN_RUN = """
INSERT INTO ingestion_runs (run_id, workflow_id, case_id, started_at, stage)
VALUES ($1, $2, $3, $4, 'fetching')
ON CONFLICT (run_id) DO NOTHING
"""

_CLOSE_RUN = """
UPDATE ingestion_runs SET closed_at = $2, stage = $3, outcome = $4::jsonb WHERE run_id = $1
"""


class RunActivities:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @activity.defn(name="open_run")
    async def open_run(self, record: RunRecord) -> None:
        info = activity.info()
        async with self._pool.acquire() as conn, conn.transaction():
            # Cases are created here, at workflow start, and nowhere else (DOMAIN 1.4).
            await conn.execute(_ENSURE_CASE, record.case_id, record.case_number)
            await conn.execute(
                _OPEN_RUN,
                info.workflow_run_id,
                info.workflow_id,
                record.case_id,
                datetime.now(UTC),
            )

    @activity.defn(name="close_run")
    async def close_run(self, closure: RunClosure) -> None:
        status = closure.status
        await self._pool.execute(
            _CLOSE_RUN,
            status.run_id,
            datetime.now(UTC),
            status.stage,
            json.dumps(dataclasses.asdict(status)),
        )
