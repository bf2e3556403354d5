"""GET /cases: which cases are in which stage, from Postgres (no Temporal call)."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from api.caller_input import Rfc3339
from api.deps import PoolDep
from api.schemas import UNAVAILABLE
from medallion.cases.listing import CURSOR_PATTERN, BadCursor, list_cases

router = APIRouter(tags=["cases"], responses=UNAVAILABLE)

# The IngestionStage search attribute's values (workflows.models.Stage).
StageName = Literal[
    "fetching", "needs_attention", "silver", "gold", "complete", "cancelled", "failed"
]


class CaseListItem(BaseModel):
    case_id: str
    case_number: str
    stage: StageName
    workflow_id: str
    run_id: str
    started_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class CaseList(BaseModel):
    cases: list[CaseListItem]
    next_cursor: str | None


@router.get(
    "/cases",
    response_model=CaseList,
    summary="Cases by the stage of their latest run, most recently changed first",
)
async def cases(
    pool: PoolDep,
    stage: Annotated[StageName | None, Query(description="Stage of the latest run.")] = None,
    updated_since: Annotated[
        Rfc3339 | None,
        Query(description="Only runs changed at or after this time (RFC 3339, with its zone)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[
        str | None,
        # Checked by decode_cursor, whose message says more than "should match pattern".
        Query(
            description="next_cursor of the previous page.",
            json_schema_extra={"pattern": CURSOR_PATTERN},
        ),
    ] = None,
) -> CaseList:
    try:
        async with pool.acquire() as conn:
            page = await list_cases(
                conn, stage=stage, updated_since=updated_since, limit=limit, cursor=cursor
            )
    except BadCursor as err:
        raise RequestValidationError(
            [{"loc": ("query", "cursor"), "msg": str(err), "type": "value_error"}]
        ) from None
    return CaseList(
        cases=[CaseListItem.model_validate(row, from_attributes=True) for row in page.cases],
        next_cursor=page.next_cursor,
    )
