"""Cases by the stage of their latest run, newest change first, paged by an opaque cursor."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from medallion.platform.db import Connection

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


# The last row of a page: its updated_at in microseconds since 1970 (Postgres keeps no finer
# time), a dot, its case id. Every string of this shape is a position in the list (17 digits
# reach the year 5138, well inside what datetime holds), so the API's schema can state the
# pattern and take whatever matches it.
CURSOR_PATTERN = r"^[0-9]{1,17}\.[0-9]{1,12}$"
_CURSOR = re.compile(CURSOR_PATTERN, re.ASCII)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(row: CaseRow) -> str:
    micros = (row.updated_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{row.case_id}"


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    if not _CURSOR.fullmatch(cursor):
        raise BadCursor("cursor is not one this API returned")
    micros, case_id = cursor.split(".")
    return _EPOCH + timedelta(microseconds=int(micros)), case_id


async def list_cases(
    conn: Connection,
    *,
    stage: str | None,
    updated_since: datetime | None,
    limit: int,
    cursor: str | None,
) -> CasePage:
    after_at, after_case = decode_cursor(cursor) if cursor is not None else (None, None)
    records = await conn.fetch(_LIST, stage, updated_since, after_at, after_case, limit + 1)
    rows = [CaseRow(**dict(r)) for r in records[:limit]]
    more = len(records) > limit
    return CasePage(rows, encode_cursor(rows[-1]) if more and rows else None)
