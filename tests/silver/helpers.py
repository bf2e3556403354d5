"""Putting Bronze payloads in place for Silver tests and reading Silver rows back.

Payloads are stored the way the fetch activity stores them (`medallion.bronze.store.store_payload`),
so the fetch log decides which one is current, as in production.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg

from medallion.bronze.store import AttemptContext, ReceivedPayload, store_payload
from medallion.cases.notices import Notice
from medallion.silver.promote import SilverResult, promote_silver
from sandbox.data import SOURCES as SANDBOX_SOURCES
from sandbox.data import case_payloads
from tests.support.case_ids import fresh_case_id

RULES_VERSION = "2025.1"
# jsonb columns come back from asyncpg as text; golden comparisons read them as JSON.
_JSON_COLUMNS = ("fields", "raw_fragment", "unmapped_keys")

_SOURCE_SYSTEMS = {"at": "tiparser", "wi": "tiparser", "trt": "tiparser", "interview": "casehelper"}

_INSERT_CASE = """
INSERT INTO cases (case_id, case_number) VALUES ($1, 'CASE-' || $1)
ON CONFLICT (case_id) DO NOTHING
"""


async def put_payload(
    pool: asyncpg.Pool, case_id: str, source: str, payload: Any, *, kind: str = "json"
) -> uuid.UUID:
    """Stores a payload (given as JSON text, for exact numbers, or as Python values) through a
    fetch attempt logged now, so it is the source's current payload. Storing a payload that is
    already there logs a `duplicate` attempt, which makes it current again."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    async with pool.acquire() as conn:
        await conn.execute(_INSERT_CASE, case_id)
    now = datetime.now(UTC)
    stored = await store_payload(
        pool,
        AttemptContext(case_id, source, f"case-ingestion-{case_id}", "test-run", 1, now),
        ReceivedPayload(
            source_system=_SOURCE_SYSTEMS[source],
            request_method="GET",
            request_url=f"http://sandbox.test/{source}/{case_id}",
            http_status=200,
            content_type="application/json",
            payload_kind=kind,
            json_text=text,
            raw_bytes=text.encode(),
            payload_sha256=hashlib.sha256(text.encode()).hexdigest(),
            payload_bytes=len(text.encode()),
            wrapper_variant=None,
            fetched_at=now,
        ),
        outcome=None,
    )
    return uuid.UUID(stored.bronze_id)


async def promote(pool: asyncpg.Pool, case_id: str) -> SilverResult:
    async with pool.acquire() as conn:
        return await promote_silver(conn, case_id)


async def rows(
    pool: asyncpg.Pool, table: str, case_id: str, order_by: str, columns: str = "*"
) -> list[dict[str, Any]]:
    """The case's rows of a Silver table as dicts; `table`, `columns`, `order_by` are literals."""
    async with pool.acquire() as conn:
        found = await conn.fetch(
            f"SELECT {columns} FROM {table} WHERE case_id = $1 ORDER BY {order_by}", case_id
        )
    return [dict(r) for r in found]


async def fragment_at(pool: asyncpg.Pool, bronze_id: uuid.UUID, source_path: str) -> Any:
    """The JSON value a row's lineage points at, resolved by Postgres in the stored payload."""
    steps = [step.replace("~1", "/").replace("~0", "~") for step in source_path.split("/")[1:]]
    async with pool.acquire() as conn:
        text = await conn.fetchval(
            "SELECT (raw_payload #> $2::text[])::text FROM bronze_payloads WHERE bronze_id = $1",
            bronze_id,
            steps,
        )
    return None if text is None else json.loads(text)


@dataclass(frozen=True)
class PromotedCase:
    """A case whose current payloads were promoted once, and where they are stored."""

    case_id: str
    bronze_ids: dict[str, uuid.UUID]
    result: SilverResult

    def lineage(self, source: str, source_path: str) -> dict[str, Any]:
        """The columns every Silver row carries besides its business columns (DOMAIN 3.0)."""
        return {
            "case_id": self.case_id,
            "bronze_id": self.bronze_ids[source],
            "source_path": source_path,
            "rules_version": RULES_VERSION,
        }


async def put_sandbox_payloads(
    pool: asyncpg.Pool, case_id: str, sandbox_case_id: str
) -> dict[str, uuid.UUID]:
    """Stores the sandbox's bodies for `sandbox_case_id` (as sent, so numbers stay exact) as the
    current payloads of `case_id`; the Bronze id of each source that has one."""
    bodies = case_payloads(sandbox_case_id)
    bronze_ids: dict[str, uuid.UUID] = {}
    for source in SANDBOX_SOURCES:
        body = bodies.body(source)
        if body is not None:
            bronze_ids[source] = await put_payload(pool, case_id, source, body.decode())
    return bronze_ids


async def promote_sandbox_case(pool: asyncpg.Pool, sandbox_case_id: str) -> PromotedCase:
    """A fresh case holding the sandbox's payloads for `sandbox_case_id`, promoted once."""
    case_id = fresh_case_id()
    bronze_ids = await put_sandbox_payloads(pool, case_id, sandbox_case_id)
    return PromotedCase(case_id, bronze_ids, await promote(pool, case_id))


async def full_rows(
    pool: asyncpg.Pool, table: str, case_id: str, order_by: str
) -> list[dict[str, Any]]:
    """Every column of the case's rows of a Silver table, jsonb columns parsed."""
    found = await rows(pool, table, case_id, order_by)
    for row in found:
        for column in _JSON_COLUMNS:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return found


def silver_warning(code: str, source: str, tax_year: int | None, detail: str) -> Notice:
    """A warning as Silver reports it."""
    return Notice(code=code, detail=detail, source=source, tax_year=tax_year, layer="silver")
