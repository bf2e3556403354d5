"""Bronze writes: the fetch log and the append-only payload store (DOMAIN 2.2–2.5).

A payload and the attempt that brought it are written in one transaction, so a retried or
cancelled activity never leaves one without the other.
"""

from dataclasses import dataclass
from datetime import datetime

import asyncpg

_INSERT_PAYLOAD = """
INSERT INTO bronze_payloads (
    case_id, source, source_system, request_method, request_url, http_status, content_type,
    payload_kind, raw_payload, raw_bytes, payload_sha256, payload_bytes, wrapper_variant,
    fetched_at, ingestion_run_id, workflow_id, activity_attempt)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17)
ON CONFLICT (case_id, source, payload_sha256) DO NOTHING
RETURNING bronze_id
"""

_EXISTING_PAYLOAD = """
SELECT bronze_id FROM bronze_payloads WHERE case_id = $1 AND source = $2 AND payload_sha256 = $3
"""

_INSERT_ATTEMPT = """
INSERT INTO bronze_fetch_attempts (
    case_id, source, ingestion_run_id, activity_attempt, request_url, started_at, duration_ms,
    http_status, outcome, error_message, bronze_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
"""


@dataclass(frozen=True)
class AttemptContext:
    case_id: str
    source: str
    workflow_id: str
    run_id: str
    activity_attempt: int
    started_at: datetime


@dataclass(frozen=True)
class ReceivedPayload:
    source_system: str
    request_method: str
    request_url: str
    http_status: int
    content_type: str | None
    payload_kind: str  # json, empty, non_json
    json_text: str | None  # the body as received, for jsonb; None for non_json
    raw_bytes: bytes  # the body byte for byte, whatever it is
    payload_sha256: str
    payload_bytes: int
    wrapper_variant: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class StoredPayload:
    bronze_id: str
    is_new: bool


async def store_payload(
    pool: asyncpg.Pool,
    ctx: AttemptContext,
    payload: ReceivedPayload,
    *,
    outcome: str | None,
    error_message: str | None = None,
) -> StoredPayload:
    """Insert the payload unless the same one is stored already, and log the attempt.

    `outcome` None means: `stored` for a new payload, `duplicate` for a known one.
    """
    duration_ms = _elapsed_ms(ctx.started_at, payload.fetched_at)
    async with pool.acquire() as conn, conn.transaction():
        bronze_id = await conn.fetchval(
            _INSERT_PAYLOAD,
            ctx.case_id,
            ctx.source,
            payload.source_system,
            payload.request_method,
            payload.request_url,
            payload.http_status,
            payload.content_type,
            payload.payload_kind,
            payload.json_text,
            payload.raw_bytes,
            payload.payload_sha256,
            payload.payload_bytes,
            payload.wrapper_variant,
            payload.fetched_at,
            ctx.run_id,
            ctx.workflow_id,
            ctx.activity_attempt,
        )
        is_new = bronze_id is not None
        if not is_new:
            bronze_id = await conn.fetchval(
                _EXISTING_PAYLOAD, ctx.case_id, ctx.source, payload.payload_sha256
            )
        await conn.execute(
            _INSERT_ATTEMPT,
            ctx.case_id,
            ctx.source,
            ctx.run_id,
            ctx.activity_attempt,
            payload.request_url,
            ctx.started_at,
            duration_ms,
            payload.http_status,
            outcome or ("stored" if is_new else "duplicate"),
            error_message,
            bronze_id,
        )
    return StoredPayload(bronze_id=str(bronze_id), is_new=is_new)


async def log_failed_attempt(
    pool: asyncpg.Pool,
    ctx: AttemptContext,
    *,
    outcome: str,
    finished_at: datetime,
    request_url: str | None,
    http_status: int | None,
    error_message: str | None,
) -> None:
    await pool.execute(
        _INSERT_ATTEMPT,
        ctx.case_id,
        ctx.source,
        ctx.run_id,
        ctx.activity_attempt,
        request_url,
        ctx.started_at,
        _elapsed_ms(ctx.started_at, finished_at),
        http_status,
        outcome,
        error_message,
        None,
    )


def _elapsed_ms(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() * 1000))
