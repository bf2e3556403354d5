"""Run bookkeeping: register the case and the run at start, record the outcome at the end."""

import dataclasses
import json
from datetime import UTC, datetime

import asyncpg
from temporalio import activity

from medallion.runs import record_run_started
from workflows.models import RunClosure, RunRecord, StageChange

# Only forward, and never after the close: a retried write may arrive late.
_RECORD_STAGE = """
UPDATE ingestion_runs SET stage = $2, updated_at = $3
 WHERE run_id = $1 AND closed_at IS NULL AND updated_at <= $3
"""

_CLOSE_RUN = """
UPDATE ingestion_runs SET closed_at = $2, updated_at = $2, stage = $3, outcome = $4::jsonb
 WHERE run_id = $1
"""


class RunActivities:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    @activity.defn(name="open_run")
    async def open_run(self, record: RunRecord) -> None:
        info = activity.info()
        async with self._pool.acquire() as conn:
            await record_run_started(
                conn,
                case_id=record.case_id,
                case_number=record.case_number,
                workflow_id=info.workflow_id or "",
                run_id=info.workflow_run_id or "",
                started_at=datetime.now(UTC),
            )

    @activity.defn(name="record_stage")
    async def record_stage(self, change: StageChange) -> None:
        await self._pool.execute(
            _RECORD_STAGE,
            activity.info().workflow_run_id,
            change.stage,
            datetime.fromisoformat(change.at),
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
