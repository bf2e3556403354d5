"""Fetch one source of a case over HTTP and write what came back to Bronze, in one activity."""

import asyncio
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NoReturn

import asyncpg
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.heartbeat import heartbeating
from activities.runs import register_run
from medallion.bronze.canonical_json import canonical_json
from medallion.bronze.payload_shape import payload_shape
from medallion.bronze.storable_json import NotStorableJson, parse_storable
from medallion.bronze.store import (
    AttemptContext,
    ReceivedPayload,
    log_failed_attempt,
    store_payload,
)
from medallion.platform import metrics
from medallion.platform.db_retry import (
    OUTAGE_TOLERANCE_S,
    DatabaseUnavailable,
    when_database_is_back,
)
from medallion.sources.casehelper import CaseHelperClient
from medallion.sources.errors import SourceError
from medallion.sources.models import SourceResponse
from medallion.sources.tiparser import TiParserClient
from workflows.models import FETCH_BACKOFF, FetchRequest, FetchResult, RunRecord

CANCELLED_LOG_TOLERANCE_S = 10.0


class FetchActivities:
    def __init__(
        self,
        pool: asyncpg.Pool,
        tiparser: TiParserClient,
        casehelper: CaseHelperClient,
        interview_from_tiparser: bool = False,
    ) -> None:
        self._pool = pool
        self._tiparser = tiparser
        self._casehelper = casehelper
        self._interview_from_tiparser = interview_from_tiparser

    @activity.defn(name="fetch_source")
    async def fetch_source(self, request: FetchRequest) -> FetchResult:
        info = activity.info()
        ctx = AttemptContext(
            case_id=request.case_id,
            source=request.source,
            workflow_id=info.workflow_id or "",
            run_id=info.workflow_run_id or "",
            activity_attempt=info.attempt,
            started_at=datetime.now(UTC),
        )
        if request.registers is not None:
            await self._register(request.registers)
        with _counted(request.source) as count:
            response = await self._call(request, ctx, count)
            count.http_status = response.status
            result = await self._keep(ctx, response)
            count.outcome = result.outcome
        activity.logger.info(
            "fetch stored",
            extra={
                **_log_extra(ctx),
                "outcome": result.outcome,
                "bronze_id": result.bronze_id,
                "records": result.records,
            },
        )
        return result

    async def _call(
        self, request: FetchRequest, ctx: AttemptContext, count: "_FetchCount"
    ) -> SourceResponse:
        """Ask the source; a failed or cancelled call is logged in the fetch log first."""
        try:
            async with heartbeating():
                return await self._call_source(request)
        except SourceError as err:
            count.http_status = err.http_status
            await self._log_failure(ctx, err.outcome, err.http_status, err.message, err.request_url)
            activity.logger.warning(
                "fetch failed",
                extra={**_log_extra(ctx), "outcome": err.outcome, "status": err.http_status},
            )
            raise ApplicationError(
                err.message,
                err.http_status,
                type=err.outcome,
                non_retryable=not err.retryable,
                next_retry_delay=retry_delay(ctx.activity_attempt, err.retry_after_s),
            ) from None
        except asyncio.CancelledError:
            await self._log_failure(ctx, "cancelled", None, "cancelled while fetching", None)
            raise

    async def _keep(self, ctx: AttemptContext, response: SourceResponse) -> FetchResult:
        """Write the answer to Bronze. It stays in memory: a database outage costs a wait, not a
        download."""
        try:
            async with heartbeating():
                return await self._store(ctx, response)
        except DatabaseUnavailable as err:
            raise ApplicationError(
                f"{_label(ctx)} for case {ctx.case_id} answered, but {err}; fetching again",
                type="database_unavailable",
            ) from None

    async def _register(self, record: RunRecord) -> None:
        """The run's registration rides on each fetch of its first round, before the source is
        called."""

        async def register() -> None:
            async with self._pool.acquire() as conn:
                await register_run(conn, record)

        try:
            async with heartbeating():
                await when_database_is_back(register, what="the run's registration")
        except DatabaseUnavailable as err:
            raise ApplicationError(
                f"case {record.case_id} could not be registered: {err}; fetching again",
                type="database_unavailable",
            ) from None

    async def _call_source(self, request: FetchRequest) -> SourceResponse:
        if request.source == "interview":
            if self._interview_from_tiparser:
                return await self._tiparser.fetch_interview(request.case_id)
            return await self._casehelper.fetch_interview(request.case_id)
        # The converter admits only the four source names, so the rest are TiParser analyses.
        return await self._tiparser.fetch_analysis(request.source, request.case_id)

    async def _store(self, ctx: AttemptContext, response: SourceResponse) -> FetchResult:
        fetched_at = datetime.now(UTC)
        try:
            parsed = parse_storable(response.body)
        except NotStorableJson as why:
            await self._keep_and_reject(
                ctx,
                _received(
                    response,
                    fetched_at,
                    kind="non_json",
                    sha256=hashlib.sha256(response.body).hexdigest(),
                ),
                f"{_label(ctx)} for case {ctx.case_id} answered {response.status} with a body "
                f"that is not storable JSON ({why}; {response.content_type or 'no content type'})",
            )

        shape = payload_shape(ctx.source, parsed)
        payload = _received(
            response,
            fetched_at,
            kind="empty" if shape.is_empty else "json",
            json_text=response.body.decode("utf-8"),
            sha256=hashlib.sha256(canonical_json(parsed).encode()).hexdigest(),
            wrapper_variant=shape.wrapper_variant,
        )
        if not shape.is_known:
            await self._keep_and_reject(
                ctx,
                payload,
                f"{_label(ctx)} for case {ctx.case_id}: records under no known wrapper "
                f"(top-level keys: {_top_level_keys(parsed)})",
            )
        stored = await when_database_is_back(
            lambda: store_payload(
                self._pool, ctx, payload, outcome="empty" if shape.is_empty else None
            ),
            what="a Bronze payload",
        )
        return FetchResult(
            source=response.source,
            outcome="empty" if shape.is_empty else ("stored" if stored.is_new else "duplicate"),
            bronze_id=stored.bronze_id,
            http_status=response.status,
            records=shape.records,
        )

    async def _keep_and_reject(
        self, ctx: AttemptContext, payload: ReceivedPayload, problem: str
    ) -> NoReturn:
        """A contract break: the body stays in Bronze, the source fails for good."""
        message = f"{problem}; payload kept in Bronze"
        stored = await when_database_is_back(
            lambda: store_payload(
                self._pool, ctx, payload, outcome="contract_error", error_message=message
            ),
            what="a Bronze payload",
        )
        raise ApplicationError(
            f"{message} as {stored.bronze_id}",
            payload.http_status,
            type="contract_error",
            non_retryable=True,
        )

    async def _log_failure(
        self,
        ctx: AttemptContext,
        outcome: str,
        http_status: int | None,
        message: str,
        request_url: str | None,
    ) -> None:
        finished_at = datetime.now(UTC)
        # A cancel is answered promptly; any other failure waits for the database to log it.
        tolerance_s = CANCELLED_LOG_TOLERANCE_S if outcome == "cancelled" else OUTAGE_TOLERANCE_S
        try:
            async with heartbeating():
                await when_database_is_back(
                    lambda: log_failed_attempt(
                        self._pool,
                        ctx,
                        outcome=outcome,
                        finished_at=finished_at,
                        request_url=request_url,
                        http_status=http_status,
                        error_message=message,
                    ),
                    what="a fetch attempt",
                    tolerance_s=tolerance_s,
                )
        except DatabaseUnavailable:
            activity.logger.warning(
                "fetch attempt not logged: database unavailable",
                extra={"case_id": ctx.case_id, "source": ctx.source, "outcome": outcome},
            )


@dataclass
class _FetchCount:
    """How one fetch attempt ended, as SOURCE_FETCHES labels it; unknown until it ends."""

    outcome: str | None = None
    http_status: int | None = None


@contextmanager
def _counted(source: str) -> Iterator[_FetchCount]:
    """Count the attempt once, by how it ended: its result's outcome, the type of the error it
    failed with, or `cancelled`. An unforeseen error is not counted (it has no outcome)."""
    count = _FetchCount()
    try:
        yield count
    except ApplicationError as err:
        count.outcome = err.type or "error"
        raise
    except asyncio.CancelledError:
        count.outcome = "cancelled"
        raise
    finally:
        if count.outcome is not None:
            metrics.count_source_fetch(
                activity.metric_meter(), source, count.outcome, count.http_status
            )


def _log_extra(ctx: AttemptContext) -> dict[str, object]:
    return {
        "case_id": ctx.case_id,
        "source": ctx.source,
        "workflow_id": ctx.workflow_id,
        "attempt": ctx.activity_attempt,
    }


def retry_delay(attempt: int, retry_after_s: float | None) -> timedelta | None:
    """`Retry-After` is a floor under the policy's backoff, never a shortcut past it."""
    if not retry_after_s:
        return None
    backoff_s = min(
        FETCH_BACKOFF.initial_s * FETCH_BACKOFF.coefficient ** (attempt - 1), FETCH_BACKOFF.max_s
    )
    return timedelta(seconds=max(retry_after_s, backoff_s))


def _received(
    response: SourceResponse,
    fetched_at: datetime,
    *,
    kind: str,
    sha256: str,
    json_text: str | None = None,
    wrapper_variant: str | None = None,
) -> ReceivedPayload:
    return ReceivedPayload(
        source_system=response.source_system,
        request_method=response.method,
        request_url=response.url,
        http_status=response.status,
        content_type=response.content_type,
        payload_kind=kind,
        json_text=json_text,
        raw_bytes=response.body,
        payload_sha256=sha256,
        payload_bytes=len(response.body),
        wrapper_variant=wrapper_variant,
        fetched_at=fetched_at,
    )


def _label(ctx: AttemptContext) -> str:
    return {"at": "TiParser AT", "wi": "TiParser WI", "trt": "TiParser TRT"}.get(
        ctx.source, "interview source"
    )


def _top_level_keys(parsed: object) -> str:
    if isinstance(parsed, dict):
        return ", ".join(sorted(parsed)[:10]) or "none"
    return type(parsed).__name__ if not isinstance(parsed, list) else "array"
