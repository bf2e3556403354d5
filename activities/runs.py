"""Run bookkeeping the workflow's other activities do not carry: a run's registration (done
inside each fetch of the first round, or the first promotion), the open stages a run records
off the happy path, and the outcome of a run that did not end in Gold's transaction."""

from datetime import UTC, datetime

import asyncpg
from temporalio import activity
from temporalio.exceptions import ApplicationError

from medallion.cases.runs import record_open_stage, record_run_closed, record_run_started
from medallion.platform.db import DATA_ERRORS, Connection
from workflows.models import RunClosure, RunRecord, StageChange

# The error type the workflow treats as final for bookkeeping (no retry can store the value).
BOOKKEEPING_ERROR = "bookkeeping_error"


async def register_run(conn: Connection, record: RunRecord) -> None:
    """Register the case and the run of the activity calling it (a no-op when the API did)."""
    info = activity.info()
    try:
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


class RunActivities:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

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
            async with self._pool.acquire() as conn:
                await record_run_closed(conn, status, datetime.now(UTC))
        except DATA_ERRORS:
            raise ApplicationError(
                f"the {status.stage} outcome of run {status.run_id} could not be recorded: "
                "the database refused it",
                type=BOOKKEEPING_ERROR,
                non_retryable=True,
            ) from None
