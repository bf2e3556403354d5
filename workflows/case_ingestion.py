"""CaseIngestionWorkflow 1.0: fetch the case's sources into Bronze, then promote Silver and Gold.

Deterministic code only: no I/O, clock or randomness outside `workflow.*`. A change that
running histories would not replay follows the rule in docs/workflow.md.

What a happy-path run writes to Temporal, kept lean (tests/integration/test_lean_history.py):
the start (which sets CaseId and IngestionStage), the activities, one IngestionStage upsert as
it ends, and the completion. Its Postgres bookkeeping rides on that work: the first round of
fetches registers the run, Gold's transaction records its close.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypeVar

from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeKey
from temporalio.exceptions import ActivityError, ApplicationError, is_cancelled_exception

# Passed through, not re-imported into each run's sandbox. The models too: they are stateless
# dataclasses, and building their classes again for every run took a tenth of the worker's CPU.
with workflow.unsafe.imports_passed_through():
    from activities.fetch import FetchActivities
    from activities.promote import PROMOTION_ERROR, PromotionActivities
    from activities.runs import BOOKKEEPING_ERROR, RunActivities
    from medallion.cases.identity import default_case_number
    from medallion.platform import metrics
    from medallion.sources.names import REQUIRED_SOURCES, SOURCES
    from workflows.models import (
        FETCH_BACKOFF,
        CancelRequest,
        FetchRequest,
        FetchResult,
        FetchState,
        GoldPromotion,
        IngestionInput,
        IngestionOutcome,
        IngestionStatus,
        Notice,
        PromotionRequest,
        RetryRequest,
        RunClosure,
        RunRecord,
        SilverPromotion,
        Source,
        SourceState,
        Stage,
        StageChange,
        fetch_task_queue,
    )

BookkeepingT = TypeVar("BookkeepingT", RunClosure, StageChange)
ResultT = TypeVar("ResultT", SilverPromotion, GoldPromotion)

CASE_ID = SearchAttributeKey.for_keyword("CaseId")
INGESTION_STAGE = SearchAttributeKey.for_keyword("IngestionStage")

# Stages that last milliseconds: not worth a visibility write (the promotions record them in
# Postgres for the case list). Every other stage an operator may filter on is upserted.
QUIET_STAGES = frozenset({Stage.SILVER, Stage.GOLD})

# The outcomes a failed fetch can have (DOMAIN 2.3); anything else reads as transient.
FETCH_FAILURE_OUTCOMES = frozenset({"auth_error", "absent", "contract_error", "transient_error"})
# A fetch attempt may wait out a database restart after the download (activities.fetch).
FETCH_ATTEMPT_TIMEOUT = timedelta(minutes=15)
# Promotions retry connection errors for as long as a Postgres restart takes; data errors fail
# at once.
PROMOTION_DEADLINE = timedelta(minutes=15)
PROMOTION_RETRY = RetryPolicy(
    maximum_interval=timedelta(seconds=30), non_retryable_error_types=[PROMOTION_ERROR]
)
# Bookkeeping rides out a Postgres restart of several minutes, then gives up: a case never
# waits on it for ever.
BOOKKEEPING_TIMEOUT = timedelta(seconds=30)
BOOKKEEPING_DEADLINE = timedelta(minutes=15)
BOOKKEEPING_RETRY = RetryPolicy(
    maximum_interval=timedelta(seconds=10), non_retryable_error_types=[BOOKKEEPING_ERROR]
)


@workflow.defn
class CaseIngestionWorkflow:
    @workflow.init
    def __init__(self, inp: IngestionInput) -> None:
        now = workflow.now().isoformat()
        info = workflow.info()
        self._input = inp
        self._status = IngestionStatus(
            case_id=inp.case_id,
            case_number=inp.case_number or default_case_number(inp.case_id),
            workflow_id=info.workflow_id,
            run_id=info.run_id,
            stage=Stage.FETCHING,
            started_at=now,
            updated_at=now,
            sources={
                s: SourceState() if s in inp.sources else SourceState(state=FetchState.SKIPPED)
                for s in SOURCES
            },
        )
        self._stage_since = workflow.now()
        self._retry: RetryRequest | None = None
        self._in_flight: list[asyncio.Task] = []
        # The run's registration rides on the first activity that reaches Postgres.
        self._registration: RunRecord | None = RunRecord(
            case_id=inp.case_id, case_number=self._status.case_number
        )
        self._registration_error: str | None = None

    @workflow.run
    async def run(self, inp: IngestionInput) -> IngestionOutcome:
        self._mark_start()
        metrics.count_case_event(workflow.metric_meter(), "started")
        try:
            await self._ingest()
        except (asyncio.CancelledError, ActivityError) as err:
            if not isinstance(err, asyncio.CancelledError) and not is_cancelled_exception(err):
                await self._fail(_activity_message(err), "promotion_failed", err)
            # Cancelled from the Temporal UI or CLI: record it like a cancel signal, then let
            # Temporal mark the run cancelled.
            self._status.cancel_reason = self._status.cancel_reason or "cancelled in Temporal"
            await self._close(Stage.CANCELLED)
            raise
        return await self._finish()

    # --- signals and query -------------------------------------------------------------

    @workflow.signal
    def cancel(self, request: CancelRequest) -> None:
        if self._status.cancel_reason is not None:
            self._status.ignored_signals.append("cancel: already cancelling")
            return
        if self._status.stage == Stage.GOLD:
            self._status.ignored_signals.append(
                "cancel: Silver is committed; Gold finishes so the two layers match"
            )
            return
        self._status.cancel_reason = request.reason or "cancel requested"
        for task in self._in_flight:
            task.cancel()

    @workflow.signal
    def retry(self, request: RetryRequest) -> None:
        if self._status.stage != Stage.NEEDS_ATTENTION:
            self._status.ignored_signals.append(f"retry: stage was {self._status.stage}")
            return
        failed = {s for s in SOURCES if self._failed(s)}
        if request.sources and not failed.intersection(request.sources):
            named = ", ".join(request.sources)
            self._status.ignored_signals.append(f"retry: none of {named} failed")
            return
        self._retry = request

    @workflow.query
    def status(self) -> IngestionStatus:
        return self._status

    # --- the run's steps -----------------------------------------------------------------

    def _mark_start(self) -> None:
        """The API's start sets both search attributes; a start from the UI or CLI may not."""
        given = workflow.info().typed_search_attributes
        if (
            given.get(CASE_ID) != self._input.case_id
            or given.get(INGESTION_STAGE) != Stage.FETCHING
        ):
            workflow.upsert_search_attributes(
                [CASE_ID.value_set(self._input.case_id), INGESTION_STAGE.value_set(Stage.FETCHING)]
            )

    async def _ingest(self) -> None:
        if self._input.fetch:
            await self._fetch_until_settled()
        else:
            for state in self._status.sources.values():
                state.state = FetchState.SKIPPED
        if self._registration_error is not None:
            await self._fail(
                f"the run could not be registered ({self._registration_error})",
                "registration_failed",
            )
        if self._status.cancel_reason is None and not self._required_source_failed():
            await self._promote()

    async def _finish(self) -> IngestionOutcome:
        if self._status.cancel_reason is not None:
            await self._close(Stage.CANCELLED)
        elif self._required_source_failed():
            failed = ", ".join(s for s in REQUIRED_SOURCES if self._failed(s))
            await self._fail(
                f"required source {failed} failed and was not retried", "required_source_failed"
            )
        else:
            await self._close(Stage.COMPLETE)
        return IngestionOutcome(stage=self._status.stage, cancel_reason=self._status.cancel_reason)

    async def _fail(self, error: str, error_type: str, cause: BaseException | None = None) -> None:
        """Record the failure, then fail the run with it."""
        self._status.error = error
        await self._close(Stage.FAILED)
        raise ApplicationError(
            f"ingestion of case {self._input.case_id} failed: {error}",
            type=error_type,
            non_retryable=True,
        ) from cause

    async def _fetch_until_settled(self) -> None:
        pending = [s for s in SOURCES if s in self._input.sources]
        while self._status.cancel_reason is None:  # a cancel may arrive before any fetch
            await self._enter(Stage.FETCHING)
            await self._fetch_all(pending)
            failed = [s for s in SOURCES if self._failed(s)]
            if not failed or self._status.cancel_reason is not None:
                return
            if self._registration_error is not None:
                return
            retry = await self._wait_for_attention(failed)
            if retry is None:
                return
            pending = [s for s in failed if not retry.sources or s in retry.sources]

    async def _wait_for_attention(self, failed: list[Source]) -> RetryRequest | None:
        """Wait in needs_attention for a retry or cancel signal; the retry, if one came."""
        self._retry = None  # before the stage: a retry may come while it is recorded
        await self._enter(Stage.NEEDS_ATTENTION)
        try:
            await workflow.wait_condition(
                lambda: self._retry is not None or self._status.cancel_reason is not None,
                timeout=timedelta(seconds=self._input.needs_attention_timeout_s),
                timeout_summary="wait for a retry or cancel signal",
            )
        except TimeoutError:
            for source in failed:
                if source not in REQUIRED_SOURCES:
                    self._status.warnings.append(
                        Notice(
                            code="source_skipped_after_wait",
                            detail=f"continued without {source}: no retry or cancel "
                            "signal before the wait ended",
                            source=source,
                        )
                    )
            return None
        return None if self._status.cancel_reason is not None else self._retry

    async def _fetch_all(self, sources: list[Source]) -> None:
        # Each fetch of the first round registers the run (idempotently): the sources' queues
        # hand them out in any order, and none may store a payload before its case is known.
        registers, self._registration = self._registration, None
        tasks = [asyncio.ensure_future(self._fetch_one(s, registers)) for s in sources]
        self._in_flight = tasks
        try:
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self._in_flight = []

    async def _fetch_one(self, source: Source, registers: RunRecord | None) -> None:
        state = self._status.sources[source]
        state.state, state.rounds = FetchState.RUNNING, state.rounds + 1
        self._touch()
        try:
            result: FetchResult = await workflow.execute_activity_method(
                FetchActivities.fetch_source,
                FetchRequest(case_id=self._input.case_id, source=source, registers=registers),
                task_queue=fetch_task_queue(workflow.info().task_queue, source),
                start_to_close_timeout=FETCH_ATTEMPT_TIMEOUT,
                heartbeat_timeout=timedelta(seconds=20),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=FETCH_BACKOFF.initial_s),
                    backoff_coefficient=FETCH_BACKOFF.coefficient,
                    maximum_interval=timedelta(seconds=FETCH_BACKOFF.max_s),
                    maximum_attempts=self._input.fetch_max_attempts,
                ),
                cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
                # Errors no retry can fix (DOMAIN 1.2.2) the activity raises as non-retryable: a
                # list of their types in the policy would cost each fetch's event its bytes. No
                # summary either: it is a payload the codec seals (about 130 bytes a fetch), and
                # the input it would repeat names the source (the UI decodes it).
            )
        except (ActivityError, asyncio.CancelledError) as err:
            if _error_type(err) == BOOKKEEPING_ERROR:
                self._registration_error = _activity_message(err)
            self._record_fetch_failure(source, err)
        else:
            state.state, state.outcome = FetchState.SUCCEEDED, result.outcome
            state.bronze_id, state.http_status = result.bronze_id, result.http_status
            state.last_error = None
        self._touch()

    def _record_fetch_failure(self, source: Source, err: BaseException) -> None:
        state = self._status.sources[source]
        if is_cancelled_exception(err):
            state.state = FetchState.FAILED
            state.outcome = state.last_error = "cancelled"
            return
        outcome = _error_type(err)
        details = _error_details(err)
        state.outcome = outcome if outcome in FETCH_FAILURE_OUTCOMES else "transient_error"
        state.http_status = details[0] if details and isinstance(details[0], int) else None
        state.last_error = _activity_message(err)
        if outcome == "absent" and source not in REQUIRED_SOURCES:
            # An optional source the case simply does not have: a warning, not a failure.
            state.state = FetchState.SKIPPED
            self._status.warnings.append(
                Notice(code="source_absent", detail=f"{source} absent for this case", source=source)
            )
        else:
            state.state = FetchState.FAILED

    async def _promote(self) -> None:
        as_of = self._input.as_of or workflow.now().date().isoformat()
        await self._enter(Stage.SILVER)
        registers, self._registration = self._registration, None
        silver = await self._promotion(
            PromotionActivities.promote_silver,
            PromotionRequest(
                case_id=self._input.case_id,
                as_of=as_of,
                stage_at=self._status.updated_at,
                registers=registers,
            ),
            Stage.SILVER,
        )
        if silver is None:
            return
        before_silver = list(self._status.warnings)
        self._status.silver = silver.counts
        self._status.warnings.extend(silver.warnings)
        # Past a committed Silver, Gold runs whatever a cancel says, so the two layers of a case
        # never mix runs; its transaction records the run's close.
        await self._enter(Stage.GOLD)
        gold = await self._promotion(
            PromotionActivities.promote_gold,
            PromotionRequest(
                case_id=self._input.case_id,
                as_of=as_of,
                stage_at=self._status.updated_at,
                # Without Silver's counts and warnings: its transaction recorded them on the run,
                # and Gold's close takes them from there.
                closing=replace(self._status, silver=None, warnings=before_silver),
            ),
            Stage.GOLD,
        )
        assert gold is not None  # Gold is never cancelled
        self._status.gold = gold.counts
        self._status.warnings.extend(gold.warnings)  # none: recorded with the close

    async def _promotion(
        self,
        activity_method: Callable[[PromotionActivities, PromotionRequest], Awaitable[ResultT]],
        request: PromotionRequest,
        stage: Stage,
    ) -> ResultT | None:
        """The layer's promotion result; None when a cancel signal stopped it. Gold runs
        whatever a cancel says."""
        task = asyncio.ensure_future(
            workflow.execute_activity_method(
                activity_method,
                request,
                start_to_close_timeout=timedelta(minutes=5),
                schedule_to_close_timeout=PROMOTION_DEADLINE,
                heartbeat_timeout=timedelta(seconds=30),
                retry_policy=PROMOTION_RETRY,
                cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
                # No summary: the activity's type names the layer.
            )
        )
        self._in_flight = [] if stage == Stage.GOLD else [task]
        try:
            return await task
        except (ActivityError, asyncio.CancelledError) as err:
            cancelled = isinstance(err, asyncio.CancelledError) or is_cancelled_exception(err)
            if cancelled and self._status.cancel_reason is not None:
                return None  # the cancel signal stopped it; the transaction rolled back
            raise
        finally:
            self._in_flight = []

    async def _close(self, stage: Stage) -> None:
        """Enter the final stage and record the outcome in Postgres, unless Gold's transaction
        already did: a run is complete once Gold is in."""
        await self._enter(stage)
        if stage == Stage.COMPLETE:
            return
        await self._bookkeeping(
            RunActivities.close_run,
            RunClosure(status=replace(self._status)),
            f"record {stage} for case {self._input.case_id}",
        )

    # --- helpers ------------------------------------------------------------------------

    def _failed(self, source: Source) -> bool:
        return self._status.sources[source].state == FetchState.FAILED

    def _required_source_failed(self) -> bool:
        return any(self._failed(s) for s in REQUIRED_SOURCES)

    async def _enter(self, stage: Stage) -> None:
        """Enter `stage`: upserted for the UI's filter unless it is quiet; the open stages the
        promotions do not record go to Postgres for the case list."""
        self._touch()
        if stage == self._status.stage:
            return
        self._record_stage_metrics(self._status.stage, stage)
        self._status.stage = stage
        workflow.set_current_details(f"stage: {stage}")  # the UI's; not written to history
        if stage not in QUIET_STAGES:
            workflow.upsert_search_attributes([INGESTION_STAGE.value_set(stage)])
        if stage in (Stage.FETCHING, Stage.NEEDS_ATTENTION):
            await self._bookkeeping(
                RunActivities.record_stage,
                StageChange(stage=stage, at=self._status.updated_at),
                f"record stage {stage} for case {self._input.case_id}",
            )

    async def _bookkeeping(
        self,
        method: Callable[[Any, BookkeepingT], Awaitable[None]],
        arg: BookkeepingT,
        summary: str,
    ) -> None:
        """A bookkeeping activity; if it fails for good, the run goes on (in Temporal and the
        search attribute the stage is true; only the Postgres copy lags)."""
        try:
            await workflow.execute_activity_method(
                method,
                arg,
                summary=summary,
                start_to_close_timeout=BOOKKEEPING_TIMEOUT,
                schedule_to_close_timeout=BOOKKEEPING_DEADLINE,
                retry_policy=BOOKKEEPING_RETRY,
            )
        except ActivityError as err:
            workflow.logger.warning(
                "bookkeeping not recorded",
                extra={"summary": summary, "error": _activity_message(err)},
            )

    def _record_stage_metrics(self, left: Stage, entered: Stage) -> None:
        meter, now = workflow.metric_meter(), workflow.now()
        metrics.observe_stage(meter, left, now - self._stage_since)
        self._stage_since = now
        if entered == Stage.NEEDS_ATTENTION:
            metrics.count_case_event(meter, "needs_attention")
        elif entered in metrics.CLOSING_EVENTS:
            metrics.count_case_event(meter, metrics.CLOSING_EVENTS[entered])

    def _touch(self) -> None:
        self._status.updated_at = workflow.now().isoformat()


def _activity_message(err: BaseException) -> str:
    """The message of the error the activity raised: its own words. Deeper causes are the
    exceptions it was handling (Temporal carries them along), not what the case reader needs."""
    # A Temporal failure's `cause` is its `__cause__`.
    while isinstance(err, ActivityError) and err.__cause__ is not None:
        err = err.__cause__
    return str(err)


def _error_type(err: BaseException) -> str | None:
    cause = err.cause if isinstance(err, ActivityError) else None
    return cause.type if isinstance(cause, ApplicationError) else None


def _error_details(err: BaseException) -> tuple[Any, ...]:
    cause = err.cause if isinstance(err, ActivityError) else None
    return tuple(cause.details) if isinstance(cause, ApplicationError) else ()
