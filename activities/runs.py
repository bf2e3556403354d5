"""Run bookkeeping: register the case and the run at start, record the outcome at the end."""

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import asyncpg
from temporalio import activity
from temporalio.exceptions import ApplicationError

from medallion.db import DATA_ERRORS, storable_text
from medallion.runs import record_open_stage, record_run_started
from workflows.models import RunClosure, RunRecord, StageChange

# The error type the workflow treats as final for bookkeeping (no retry can store the value).
BOOKKEEPING_ERROR = "bookkeeping_error"

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
        try:
            async with self._pool.acquire() as conn:
                await record_run_started(
                    conn,
                    case_id=record.case_id,
                    case_number=record.case_number,
                    workflow_id=info.workflow_id or "",
                    run_id=info.workflow_run_id or "",
                    started_at=datetime.now(UTC),
                )
        except DATA_ERRORS:
            # Not the database's message: it may quote the value.
            raise ApplicationError(
                f"case {record.case_id} could not be registered: the database refused its "
                "case number (unprintable characters); start it again with a printable one",
                type=BOOKKEEPING_ERROR,
                non_retryable=True,
            ) from None

    @activity.defn(name="record_stage")
    async def record_stage(self, change: StageChange) -> None:
        await record_open_stage(
            self._pool,
            activity.info().workflow_run_id or "",
            change.stage,
            datetime.fromisoformat(change.at),
        )

    @activity.defn(name="close_run")
    async def close_run(self, closure: RunClosure) -> None:
        status = closure.status
        try:
            await self._pool.execute(
                _CLOSE_RUN,
                status.run_id,
                datetime.now(UTC),
                status.stage,
                json.dumps(_storable(dataclasses.asdict(status))),
            )
        except DATA_ERRORS:
            raise ApplicationError(
                f"the {status.stage} outcome of run {status.run_id} could not be recorded: "
                "the database refused it",
                type=BOOKKEEPING_ERROR,
                non_retryable=True,
            ) from None


def _storable(value: Any) -> Any:
    """The run's outcome with every string made storable in jsonb (a caller's cancel reason
    or a source's message may carry NUL or a lone surrogate)."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable_text(str(k)): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value
