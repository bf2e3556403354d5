"""GET /cases/{case_id}/changes and GET /changes: the change log of a case and the feed across
cases (DOMAIN §7; the feed's ordering promise is explained in `medallion/cases/change_log.py`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.exceptions import RequestValidationError

from api.caller_input import Rfc3339
from api.change_schemas import CaseChanges, Change, ChangeFeed
from api.deps import CaseIdPath, PoolDep
from api.schemas import UNAVAILABLE
from medallion.cases.change_log import (
    CASE_LOG_CURSOR_PATTERN,
    FEED_CURSOR_PATTERN,
    BadCursor,
    ChangeFilter,
    ChangeRow,
    case_log,
    feed,
)
from medallion.gold.change_kinds import ChangeKind, Severity

router = APIRouter(tags=["changes"], responses=UNAVAILABLE)

SinceQuery = Annotated[
    Rfc3339 | None,
    Query(description="Only changes detected at or after this time (RFC 3339, with its zone)."),
]
KindQuery = Annotated[ChangeKind | None, Query(description="Only this kind (DOMAIN §7).")]
SeverityQuery = Annotated[Severity | None, Query(description="Only this severity.")]
CaseLogCursor = Annotated[
    str | None,
    Query(
        description="next_cursor of the previous answer.",
        json_schema_extra={"pattern": CASE_LOG_CURSOR_PATTERN},
    ),
]
FeedCursor = Annotated[
    str | None,
    Query(
        description="next_cursor of the previous answer.",
        json_schema_extra={"pattern": FEED_CURSOR_PATTERN},
    ),
]
LimitQuery = Annotated[int, Query(ge=1, le=500)]


@router.get(
    "/cases/{case_id}/changes",
    response_model=CaseChanges,
    summary="The case's changes between builds, newest first",
    responses={404: {"description": "The case is not known"}},
)
async def case_changes(
    case_id: CaseIdPath,
    pool: PoolDep,
    since: SinceQuery = None,
    kind: KindQuery = None,
    severity: SeverityQuery = None,
    cursor: CaseLogCursor = None,
    limit: LimitQuery = 100,
) -> CaseChanges:
    wanted = ChangeFilter(since, kind, severity)
    with _bad_cursor_as_422():
        async with pool.acquire() as conn:
            page = await case_log(conn, case_id, wanted, cursor, limit)
    if page is None:
        raise HTTPException(404, f"case {case_id} is not known: trigger it first")
    return CaseChanges(
        case_id=case_id, changes=[_change(r) for r in page.changes], next_cursor=page.next_cursor
    )


@router.get(
    "/changes",
    response_model=ChangeFeed,
    summary="Changes across all cases, oldest first: store next_cursor and poll",
    description=(
        "Every change is handed out once, in order, to a client that sends back the "
        "`next_cursor` of its previous answer; a change committed while an older transaction "
        "is still open waits until that one ends, so nothing is ever skipped."
    ),
)
async def change_feed(
    pool: PoolDep,
    since: SinceQuery = None,
    kind: KindQuery = None,
    severity: SeverityQuery = None,
    cursor: FeedCursor = None,
    limit: LimitQuery = 100,
) -> ChangeFeed:
    wanted = ChangeFilter(since, kind, severity)
    with _bad_cursor_as_422():
        async with pool.acquire() as conn:
            page = await feed(conn, wanted, cursor, limit)
    return ChangeFeed(
        changes=[_change(r) for r in page.changes], next_cursor=page.next_cursor, more=page.more
    )


def _change(row: ChangeRow) -> Change:
    values = asdict(row)
    values.pop("feed_xid")
    return Change.model_validate(values)


@contextmanager
def _bad_cursor_as_422() -> Iterator[None]:
    try:
        yield
    except BadCursor as err:
        raise RequestValidationError(
            [{"loc": ("query", "cursor"), "msg": str(err), "type": "value_error"}]
        ) from None
