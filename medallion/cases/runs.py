"""The `cases` and `ingestion_runs` rows of a run (DOMAIN 1.4, 5.1). Its start is written by
whoever learns of the run first: the API (the case before its start call, the run right after
it) or the fetches of the run's first round (both in one transaction); a second write is a
no-op. Then the open stages a run records on its way, for the case list, and how it ended."""

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from pydantic import TypeAdapter

from medallion.cases.notices import Notice
from medallion.cases.queries import case_snapshot, snapshot_to_json
from medallion.cases.run_state import IngestionStatus
from medallion.platform.db import Connection, storable_text
from medallion.silver.counts import SilverCounts

_ENSURE_CASE = """
INSERT INTO cases (case_id, case_number) VALUES ($1, $2)
ON CONFLICT (case_id) DO NOTHING
"""

_OPEN_RUN = """
INSERT INTO ingestion_runs (run_id, workflow_id, case_id, started_at, updated_at, stage)
VALUES ($1, $2, $3, $4, $4, 'fetching')
ON CONFLICT (run_id) DO NOTHING
"""

_CLOSE_RUN = """
UPDATE ingestion_runs
   SET closed_at = $2, updated_at = $2, stage = $3, outcome = $4::jsonb, snapshot = $5::jsonb
 WHERE run_id = $1
"""

_RECORD_SILVER = "UPDATE ingestion_runs SET silver = $2::jsonb WHERE run_id = $1"
_RECORDED_SILVER = "SELECT silver::text FROM ingestion_runs WHERE run_id = $1"

# Only forward, and never after the close: a retried write may arrive late.
_RUN_CLOSED = "SELECT closed_at IS NOT NULL FROM ingestion_runs WHERE run_id = $1"

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


async def run_closed(db: Connection | asyncpg.Pool, run_id: str) -> bool:
    """Whether the run's close is recorded (Gold's transaction records it before the run ends)."""
    return bool(await db.fetchval(_RUN_CLOSED, run_id))


async def record_open_stage(
    db: Connection | asyncpg.Pool, run_id: str, stage: str, at: datetime
) -> None:
    """Record the stage the run entered at `at` (workflow time), unless a later one is known."""
    await db.execute(_RECORD_STAGE, run_id, stage, at)


async def record_run_closed(conn: Connection, status: IngestionStatus, closed_at: datetime) -> None:
    """Record how the run ended: its status as the outcome, and the case's layers as the status
    report shows them (counted once here, not on every read). A run nothing registered (one
    cancelled before its first fetch) is registered first, in the same transaction."""
    async with conn.transaction():
        snapshot = await case_snapshot(conn, status.case_id, status.run_id)
        await ensure_case(conn, status.case_id, status.case_number)
        await record_run_opened(
            conn,
            case_id=status.case_id,
            workflow_id=status.workflow_id,
            run_id=status.run_id,
            started_at=datetime.fromisoformat(status.started_at),
        )
        await conn.execute(
            _CLOSE_RUN,
            status.run_id,
            closed_at,
            status.stage,
            json.dumps(_storable(dataclasses.asdict(status))),
            snapshot_to_json(snapshot),
        )


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


@dataclass(frozen=True)
class RecordedSilver:
    """A run's Silver promotion as it committed."""

    counts: SilverCounts
    warnings: list[Notice]


_SILVER = TypeAdapter(RecordedSilver)


async def record_silver(conn: Connection, run_id: str, silver: RecordedSilver) -> None:
    """Record the run's Silver promotion; call inside that promotion's transaction."""
    await conn.execute(_RECORD_SILVER, run_id, json.dumps(_storable(dataclasses.asdict(silver))))


async def recorded_silver(conn: Connection, run_id: str) -> RecordedSilver | None:
    """The run's Silver promotion, None when it recorded none."""
    text: str | None = await conn.fetchval(_RECORDED_SILVER, run_id)
    return _SILVER.validate_json(text) if text else None
