"""POST /extract/batch: start (or attach to) one workflow per case, up to 1,000 cases a call;
each case is registered and its new run recorded as a single trigger does."""

import asyncio
import re
from typing import Annotated, Literal

import asyncpg
from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from temporalio.client import Client

from api.deps import CASE_ID_PATTERN, PoolDep, SettingsDep, TemporalDep
from api.schemas import UNAVAILABLE
from api.temporal_errors import is_unavailable
from api.trigger import trigger_case
from medallion.platform.db import UNREACHABLE_ERRORS
from medallion.platform.settings import Settings

router = APIRouter(tags=["cases"], responses=UNAVAILABLE)

MAX_BATCH = 1000
# Starts in flight at once: enough to finish 1,000 in seconds, few enough to spare Temporal.
CONCURRENT_STARTS = 32


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Plain strings: a malformed id is reported in its own item, not by rejecting the batch.
    case_ids: Annotated[list[str], Field(min_length=1, max_length=MAX_BATCH)]
    fetch: StrictBool = True


class BatchItem(BaseModel):
    case_id: str
    status: Literal["started", "attached", "invalid", "error"]
    workflow_id: str | None = None
    run_id: str | None = None
    error: str | None = None


class BatchResponse(BaseModel):
    results: list[BatchItem]
    started: int
    attached: int
    rejected: int


async def _start_one(
    client: Client,
    pool: asyncpg.Pool,
    settings: Settings,
    case_id: str,
    fetch: bool,
    gate: asyncio.Semaphore,
) -> BatchItem:
    if not re.match(CASE_ID_PATTERN, case_id):
        return BatchItem(case_id=case_id, status="invalid", error="case id must be 1-12 digits")
    async with gate:
        try:
            started = await trigger_case(client, pool, settings, case_id, None, fetch=fetch)
        except Exception as err:  # one case's failure must not stop the others
            return BatchItem(case_id=case_id, status="error", error=_reason(err))
    return BatchItem(
        case_id=case_id,
        status="attached" if started.attached else "started",
        workflow_id=started.workflow_id,
        run_id=started.run_id,
    )


def _reason(err: Exception) -> str:
    if is_unavailable(err):
        return "Temporal is unavailable"
    if isinstance(err, UNREACHABLE_ERRORS):
        return "Postgres is unavailable"
    return type(err).__name__


@router.post(
    "/extract/batch",
    response_model=BatchResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start ingestion of up to 1,000 cases, each its own workflow; results per case",
)
async def extract_batch(
    body: BatchRequest, client: TemporalDep, pool: PoolDep, settings: SettingsDep
) -> BatchResponse:
    gate = asyncio.Semaphore(CONCURRENT_STARTS)
    unique = list(dict.fromkeys(body.case_ids))  # a repeated id is started once
    items = await asyncio.gather(
        *(_start_one(client, pool, settings, case_id, body.fetch, gate) for case_id in unique)
    )
    by_id = dict(zip(unique, items, strict=True))
    results = [by_id[case_id] for case_id in body.case_ids]
    return BatchResponse(
        results=results,
        started=sum(i.status == "started" for i in items),
        attached=sum(i.status == "attached" for i in items),
        rejected=sum(i.status in ("invalid", "error") for i in items),
    )
