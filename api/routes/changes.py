"""GET /cases/{case_id}/changes and GET /changes: the change log of a case and the feed across
cases (DOMAIN §7; the feed's ordering promise is explained in `medallion/cases/change_log.py`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.exceptions import RequestValidationError

from api.change_schemas import CaseChanges, Change, ChangeFeed
from api.deps import CaseIdPath, PoolDep
from api.schemas import UNAVAILABLE
from medallion.cases.change_log import BadCursor, ChangeFilter, ChangeRow, case_log, feed
from medallion.gold.change_kinds import ChangeKind, Severity

router = APIRouter(tags=["changes"], responses=UNAVAILABLE)

SinceQuery = Annotated[
    datetime | None,
    Query(description="Only changes detected at or after this time (ISO 8601; no zone = UTC)."),
]
KindQuery = Annotated[ChangeKind | None, Query(description="Only this kind (DOMAIN §7).")]
SeverityQuery = Annotated[Severity | None, Query(description="Only this severity.")]
CursorQuery = Annotated[str | None, Query(description="next_cursor of the previous answer.")]
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
    cursor: CursorQuery = None,
    limit: LimitQuery = 100,
) -> CaseChanges:
    wanted = ChangeFilter(_utc(since), kind, severity)
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
    cursor: CursorQuery = None,
    limit: LimitQuery = 100,
) -> ChangeFeed:
    wanted = ChangeFilter(_utc(since), kind, severity)
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


def _utc(since: datetime | None) -> datetime | None:
    if since is not None and since.tzinfo is None:
        return since.replace(tzinfo=UTC)  # a time without a zone is UTC
    return since


@contextmanager
def _bad_cursor_as_422() -> Iterator[None]:
    try:
        yield
    except BadCursor as err:
        raise RequestValidationError(
            [{"loc": ("query", "cursor"), "msg": str(err), "type": "value_error"}]
        ) from None
