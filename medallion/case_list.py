"""Cases by the stage of their latest run, newest change first, paged by an opaque cursor."""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from medallion.db import Connection

# The latest run of each case; the stage names are those of the IngestionStage search attribute.
_LIST = """
SELECT * FROM (
    SELECT DISTINCT ON (r.case_id)
           r.case_id, c.case_number, r.workflow_id, r.run_id, r.stage,
           r.started_at, r.updated_at, r.closed_at
      FROM ingestion_runs r JOIN cases c USING (case_id)
     ORDER BY r.case_id, r.started_at DESC
) AS latest
 WHERE ($1::text IS NULL OR stage = $1)
   AND ($2::timestamptz IS NULL OR updated_at >= $2)
   AND ($3::timestamptz IS NULL OR (updated_at, case_id) < ($3, $4::text))
 ORDER BY updated_at DESC, case_id DESC
 LIMIT $5
"""


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_number: str
    workflow_id: str
    run_id: str
    stage: str
    started_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class CasePage:
    cases: list[CaseRow]
    next_cursor: str | None


def encode_cursor(row: CaseRow) -> str:
    raw = json.dumps([row.updated_at.isoformat(), row.case_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        updated_at, case_id = json.loads(raw)
        return datetime.fromisoformat(updated_at), str(case_id)
    except (ValueError, TypeError) as err:
        raise BadCursor("cursor is not one this API returned") from err


async def list_cases(
    conn: Connection,
    *,
    stage: str | None,
    updated_since: datetime | None,
    limit: int,
    cursor: str | None,
) -> CasePage:
    after_at, after_case = decode_cursor(cursor) if cursor else (None, None)
    records = await conn.fetch(_LIST, stage, updated_since, after_at, after_case, limit + 1)
    rows = [CaseRow(**dict(r)) for r in records[:limit]]
    more = len(records) > limit
    return CasePage(rows, encode_cursor(rows[-1]) if more and rows else None)
