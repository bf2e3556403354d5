"""Reading the change rows of DOMAIN §7: a case's change log (newest first) and the feed across
cases (oldest first), each paged by an opaque cursor, and the latest build of a case.

The feed's promise: a client that stores `next_cursor` and polls never misses a change and never
sees one twice. `change_id` alone cannot keep it: ids are drawn when rows are written, so a
transaction holding id 10 may commit after one holding id 11 was read, and a cursor past 11 would
skip 10 for ever. Each row therefore records its writing transaction (`written_xid`), and the
feed hands out only rows written by transactions older than the oldest one still open
(`pg_snapshot_xmin(pg_current_snapshot())`): every such transaction has finished, so no row can
later appear below the cursor. Rows are read in (`written_xid`, `change_id`) order; a change
waits to be handed out only while a transaction older than its own is still open.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from medallion.platform.db import Connection

_COLUMNS = """
change_id, build_id, case_id, run_id, previous_run_id, kind, severity, tax_year, key, before,
after, detected_at, as_of_date, previous_versions, versions,
written_xid::text AS feed_xid
"""
# (Named apart from `written_xid`: an output column of that name would be what ORDER BY sorts,
# as text, where "10000" < "9999".)

_CASE_LOG = f"""
SELECT {_COLUMNS}
  FROM case_changes
 WHERE case_id = $1
   AND ($2::bigint IS NULL OR change_id < $2)
   AND ($3::timestamptz IS NULL OR detected_at >= $3)
   AND ($4::text IS NULL OR kind = $4)
   AND ($5::text IS NULL OR severity = $5)
 ORDER BY change_id DESC
 LIMIT $6
"""

_FEED = f"""
SELECT {_COLUMNS}
  FROM case_changes
 WHERE written_xid < pg_snapshot_xmin(pg_current_snapshot())
   AND ($1::text IS NULL OR (written_xid, change_id) > ($1::text::xid8, $2::bigint))
   AND ($3::timestamptz IS NULL OR detected_at >= $3)
   AND ($4::text IS NULL OR kind = $4)
   AND ($5::text IS NULL OR severity = $5)
 ORDER BY written_xid, change_id
 LIMIT $6
"""

_CASE_KNOWN = "SELECT EXISTS (SELECT 1 FROM cases WHERE case_id = $1)"

# The case's latest Gold build; the status report joins it to its counts (`layers.py`).
LATEST_BUILD_SQL = """
SELECT run_id AS build_run_id, committed_at AS build_committed_at,
       alert_changes AS build_alert_changes, info_changes AS build_info_changes
  FROM gold_builds WHERE case_id = $1 ORDER BY build_id DESC LIMIT 1
"""


# Cursors are positions written out: the case log's is the last change id it showed, the feed's
# the last change's writing transaction, a dot, and its id. Every string of these shapes is a
# position (18 digits fit a bigint, 19 an xid8), so the API's schema states the patterns and
# takes whatever matches them.
CASE_LOG_CURSOR_PATTERN = r"^[0-9]{1,18}$"
FEED_CURSOR_PATTERN = r"^[0-9]{1,19}\.[0-9]{1,18}$"
_CASE_LOG_CURSOR = re.compile(CASE_LOG_CURSOR_PATTERN, re.ASCII)
_FEED_CURSOR = re.compile(FEED_CURSOR_PATTERN, re.ASCII)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class ChangeRow:
    change_id: int
    build_id: int
    case_id: str
    run_id: str
    previous_run_id: str
    kind: str
    severity: str
    tax_year: int | None
    key: dict[str, Any]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    detected_at: datetime
    as_of_date: date
    previous_versions: dict[str, Any]
    versions: dict[str, Any]
    feed_xid: str  # the writing transaction, as text: the feed's cursor


@dataclass(frozen=True)
class ChangeFilter:
    since: datetime | None = None
    kind: str | None = None
    severity: str | None = None


@dataclass(frozen=True)
class ChangePage:
    changes: list[ChangeRow]
    # Where the next read starts. The case log: None once the last page is read. The feed:
    # always set once a change was seen, to be stored and sent on the next poll.
    next_cursor: str | None
    # More rows are ready now (the feed can also gain rows later).
    more: bool


@dataclass(frozen=True)
class LatestBuild:
    """The case's latest Gold build and the count of its changes by severity."""

    run_id: str
    committed_at: datetime
    alert: int
    info: int


async def case_log(
    conn: Connection, case_id: str, wanted: ChangeFilter, cursor: str | None, limit: int
) -> ChangePage | None:
    """The case's changes, newest first; None for a case never registered."""
    (before_id,) = _decode(cursor, _CASE_LOG_CURSOR) if cursor is not None else (None,)
    records = await conn.fetch(
        _CASE_LOG,
        case_id,
        None if before_id is None else int(before_id),
        wanted.since,
        wanted.kind,
        wanted.severity,
        limit + 1,
    )
    rows = [_row(r) for r in records[:limit]]
    if not rows and not await conn.fetchval(_CASE_KNOWN, case_id):
        return None
    more = len(records) > limit
    return ChangePage(rows, _encode(rows[-1].change_id) if more else None, more)


async def feed(
    conn: Connection, wanted: ChangeFilter, cursor: str | None, limit: int
) -> ChangePage:
    """Changes across cases, oldest first, from after `cursor` (the start when None)."""
    after_xid, after_id = _decode(cursor, _FEED_CURSOR) if cursor is not None else (None, None)
    records = await conn.fetch(
        _FEED,
        None if after_xid is None else str(after_xid),
        None if after_id is None else int(after_id),
        wanted.since,
        wanted.kind,
        wanted.severity,
        limit + 1,
    )
    rows = [_row(r) for r in records[:limit]]
    next_cursor = _encode(rows[-1].feed_xid, rows[-1].change_id) if rows else cursor
    return ChangePage(rows, next_cursor, len(records) > limit)


async def latest_build(conn: Connection, case_id: str) -> LatestBuild | None:
    row = await conn.fetchrow(LATEST_BUILD_SQL, case_id)
    return None if row is None else latest_build_of(row)


def latest_build_of(row: Any) -> LatestBuild | None:
    """The latest build from a row with LATEST_BUILD_SQL's columns (null before the first)."""
    if row["build_run_id"] is None:
        return None
    return LatestBuild(
        run_id=row["build_run_id"],
        committed_at=row["build_committed_at"],
        alert=row["build_alert_changes"],
        info=row["build_info_changes"],
    )


def _row(record: Any) -> ChangeRow:
    values = dict(record)
    for column in ("key", "before", "after", "previous_versions", "versions"):
        if values[column] is not None:
            values[column] = json.loads(values[column])
    return ChangeRow(**values)


def _encode(*position: str | int) -> str:
    return ".".join(str(p) for p in position)


def _decode(cursor: str, pattern: re.Pattern[str]) -> list[str]:
    """The cursor's parts: digit strings (a transaction id, a change id)."""
    if not pattern.fullmatch(cursor):
        raise BadCursor("cursor is not one this API returned")
    return cursor.split(".")
