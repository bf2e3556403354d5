"""CaseIngestionWorkflow: fetch the case's sources into Bronze, then promote Silver and Gold.

Deterministic code only: no I/O, clock or randomness outside `workflow.*`.
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
    from activities.promote import PromotionActivities
    from activities.runs import BOOKKEEPING_ERROR, RunActivities
    from medallion import metrics
    from medallion.case_identity import default_case_number
    from workflows.models import (
        FETCH_BACKOFF,
        OPEN_STAGES,
        REQUIRED_SOURCES,
        SOURCES,
        CancelRequest,
        FetchRequest,
        FetchResult,
        FetchState,
        GoldPromotion,
        IngestionInput,
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

BookkeepingT = TypeVar("BookkeepingT", RunRecord, RunClosure)
ResultT = TypeVar("ResultT", SilverPromotion, GoldPromotion)

CASE_ID = SearchAttributeKey.for_keyword("CaseId")
INGESTION_STAGE = SearchAttributeKey.for_keyword("IngestionStage")

# Errors a fetch raises that no retry can fix (DOMAIN 1.2.2); the activity marks them too.
NON_RETRYABLE_FETCH_ERRORS = ["auth_error", "absent", "contract_error"]
# The outcomes a failed fetch can have (DOMAIN 2.3); anything else reads as transient.
FETCH_FAILURE_OUTCOMES = frozenset({*NON_RETRYABLE_FETCH_ERRORS, "transient_error"})
# A fetch attempt may wait out a database restart after the download (activities.fetch).
FETCH_ATTEMPT_TIMEOUT = timedelta(minutes=15)
# Promotions retry connection errors for as long as a Postgres restart takes; data errors
# (`promotion_error`) fail at once.
PROMOTION_DEADLINE = timedelta(minutes=15)
PROMOTION_RETRY = RetryPolicy(
    maximum_interval=timedelta(seconds=30), non_retryable_error_types=["promotion_error"]
)
# Bookkeeping rides out a Postgres restart of several minutes, then gives up: a case never
# waits on it for ever.
BOOKKEEPING_TIMEOUT = timedelta(seconds=30)
BOOKKEEPING_DEADLINE = timedelta(minutes=15)
BOOKKEEPING_RETRY = RetryPolicy(
    maximum_interval=timedelta(seconds=10), non_retryable_error_types=[BOOKKEEPING_ERROR]
)
# Runs started after this patch cost Temporal less: open_run and close_run are local activities
# (two short Postgres writes no longer take an activity task and a workflow task each), and the
# search attributes the start already set are not upserted again.
LEAN_RUN_PATCH = "local-bookkeeping-activities"
# Runs started before this change never wrote their open stages to Postgres; they replay as such.
RECORD_STAGE_PATCH = "record-stage-in-postgres"
# Runs started after this change finish Gold once Silver has committed, whatever a cancel says,
# so the two layers of a case never mix runs.
GOLD_FOLLOWS_SILVER_PATCH = "gold-follows-silver"
# Runs started after this change fetch each source on its own task queue (its rate limit).
FETCH_QUEUE_PER_SOURCE_PATCH = "fetch-queue-per-source"
# Runs started after this change let each promotion activity record its stage in Postgres: a
# local activity of its own cost two more workflow activations per case.
STAGE_BY_PROMOTION_PATCH = "stage-recorded-by-promotion"
# The stages whose promotion activity records them, in runs with the patch above.
PROMOTION_STAGES = frozenset({Stage.SILVER, Stage.GOLD})
# Runs started after this change take every change above on this one marker, not a marker
# each: each patch marker also upserts TemporalChangeVersion, a visibility write per marker.
EARLIER_PATCHES_FOLDED = "earlier-patches-folded"


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
        self._folded = False
        self._gold_follows_silver = False
        self._queue_per_source = False
        self._stage_by_promotion = False
        self._in_flight: list[asyncio.Task] = []

    @workflow.run
    async def run(self, inp: IngestionInput) -> IngestionStatus:
        # Asked first: every other patch question of a new run is answered by it.
        self._folded = workflow.patched(EARLIER_PATCHES_FOLDED)
        given = workflow.info().typed_search_attributes
        already_set = (
            given.get(CASE_ID) == inp.case_id and given.get(INGESTION_STAGE) == Stage.FETCHING
        )
        # The API's start sets both; a start from the UI or CLI may not.
        if not (self._patched(LEAN_RUN_PATCH) and already_set):
            workflow.upsert_search_attributes(
                [CASE_ID.value_set(inp.case_id), INGESTION_STAGE.value_set(Stage.FETCHING)]
            )
        # Asked in the first activation, whose commands are always those of the first workflow
        # task: asked later (after a local activity), a replay may reach it one task earlier than
        # the run that recorded the marker did, and fail as nondeterministic.
        self._queue_per_source = self._patched(FETCH_QUEUE_PER_SOURCE_PATCH)
        self._stage_by_promotion = self._patched(STAGE_BY_PROMOTION_PATCH)
        metrics.count_case_event(workflow.metric_meter(), "started")
        try:
            await _bookkeeping(
                RunActivities.open_run,
                RunRecord(case_id=inp.case_id, case_number=self._status.case_number),
                f"register run for case {inp.case_id}",
                local=self._patched(LEAN_RUN_PATCH),
            )
        except ActivityError as err:
            if is_cancelled_exception(err):
                raise
            self._status.error = _describe(err)
            await self._set_stage(Stage.FAILED)
            raise ApplicationError(
                f"ingestion of case {inp.case_id} failed: the run could not be registered "
                f"({self._status.error})",
                type="registration_failed",
                non_retryable=True,
            ) from err
        try:
            if inp.fetch:
                await self._fetch_until_settled()
            else:
                for state in self._status.sources.values():
                    state.state = FetchState.SKIPPED
            if self._status.cancel_reason is None and not self._required_source_failed():
                await self._promote()
        except (asyncio.CancelledError, ActivityError) as err:
            if not isinstance(err, asyncio.CancelledError) and not is_cancelled_exception(err):
                self._status.error = _describe(err)
                await self._close(Stage.FAILED)
                raise ApplicationError(
                    f"ingestion of case {inp.case_id} failed: {self._status.error}",
                    type="promotion_failed",
                    non_retryable=True,
                ) from err
            # Cancelled from the Temporal UI or CLI: record it like a cancel signal, then let
            # Temporal mark the run cancelled.
            self._status.cancel_reason = self._status.cancel_reason or "cancelled in Temporal"
            await self._close(Stage.CANCELLED)
            raise

        if self._status.cancel_reason is not None:
            await self._close(Stage.CANCELLED)
        elif self._required_source_failed():
            failed = ", ".join(s for s in REQUIRED_SOURCES if self._failed(s))
            self._status.error = f"required source {failed} failed and was not retried"
            await self._close(Stage.FAILED)
            raise ApplicationError(
                f"ingestion of case {inp.case_id} failed: {self._status.error}",
                type="required_source_failed",
                non_retryable=True,
            )
        else:
            await self._close(Stage.COMPLETE)
        return self._status

    # --- signals and query -------------------------------------------------------------

    @workflow.signal
    def cancel(self, request: CancelRequest) -> None:
        if self._status.cancel_reason is not None:
            self._status.ignored_signals.append("cancel: already cancelling")
            return
        if self._status.stage == Stage.GOLD and self._gold_follows_silver:
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

    # --- stages ---------------------------------------------------------------------------

    async def _fetch_until_settled(self) -> None:
        pending = [s for s in SOURCES if s in self._input.sources]
        while self._status.cancel_reason is None:  # a cancel may arrive before any fetch
            await self._set_stage(Stage.FETCHING)
            await self._fetch_all(pending)
            failed = [s for s in SOURCES if self._failed(s)]
            if not failed or self._status.cancel_reason is not None:
                return
            await self._set_stage(Stage.NEEDS_ATTENTION)
            self._retry = None
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
                return
            if self._status.cancel_reason is not None:
                return
            assert self._retry is not None
            pending = [s for s in failed if not self._retry.sources or s in self._retry.sources]

    async def _fetch_all(self, sources: list[Source]) -> None:
        tasks = [asyncio.ensure_future(self._fetch_one(s)) for s in sources]
        self._in_flight = tasks
        try:
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            self._in_flight = []

    async def _fetch_one(self, source: Source) -> None:
        state = self._status.sources[source]
        state.state, state.rounds = FetchState.RUNNING, state.rounds + 1
        self._touch()
        queue = (
            fetch_task_queue(workflow.info().task_queue, source) if self._queue_per_source else None
        )
        try:
            result: FetchResult = await workflow.execute_activity_method(
                FetchActivities.fetch_source,
                FetchRequest(case_id=self._input.case_id, source=source),
                task_queue=queue,
                start_to_close_timeout=FETCH_ATTEMPT_TIMEOUT,
                heartbeat_timeout=timedelta(seconds=20),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=FETCH_BACKOFF.initial_s),
                    backoff_coefficient=FETCH_BACKOFF.coefficient,
                    maximum_interval=timedelta(seconds=FETCH_BACKOFF.max_s),
                    maximum_attempts=self._input.fetch_max_attempts,
                    non_retryable_error_types=NON_RETRYABLE_FETCH_ERRORS,
                ),
                cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
                summary=f"fetch {source} for case {self._input.case_id}",
            )
        except (ActivityError, asyncio.CancelledError) as err:
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
        cause = err.cause if isinstance(err, ActivityError) else None
        outcome = cause.type if isinstance(cause, ApplicationError) else None
        details = cause.details if isinstance(cause, ApplicationError) else ()
        state.outcome = outcome if outcome in FETCH_FAILURE_OUTCOMES else "transient_error"
        state.http_status = details[0] if details and isinstance(details[0], int) else None
        state.last_error = _describe(err)
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
        request = PromotionRequest(case_id=self._input.case_id, as_of=as_of)
        self._gold_follows_silver = self._patched(GOLD_FOLLOWS_SILVER_PATCH)
        silver = await self._promote_layer(
            Stage.SILVER, PromotionActivities.promote_silver, request
        )
        if silver is None:
            return
        self._status.silver = silver.counts
        self._status.warnings.extend(silver.warnings)
        if self._status.cancel_reason is not None and not self._gold_follows_silver:
            return
        # Past a committed Silver, Gold runs whatever a cancel says (see the patch's note).
        gold = await self._promote_layer(
            Stage.GOLD,
            PromotionActivities.promote_gold,
            request,
            finishing=self._gold_follows_silver,
        )
        if gold is None:
            return
        self._status.gold = gold.counts
        self._status.warnings.extend(gold.warnings)

    async def _promote_layer(
        self,
        stage: Stage,
        activity_method: Callable[[PromotionActivities, PromotionRequest], Awaitable[ResultT]],
        request: PromotionRequest,
        *,
        finishing: bool = False,
    ) -> ResultT | None:
        """The layer's promotion result; None when a cancel signal stopped it. A `finishing`
        layer runs whatever a cancel says."""
        await self._set_stage(stage)
        if self._status.cancel_reason is not None and not finishing:
            return None  # cancelled while the stage was being recorded
        if self._stage_by_promotion:
            request = replace(request, stage_at=self._status.updated_at)
        task = asyncio.ensure_future(
            workflow.execute_activity_method(
                activity_method,
                request,
                start_to_close_timeout=timedelta(minutes=5),
                schedule_to_close_timeout=PROMOTION_DEADLINE,
                heartbeat_timeout=timedelta(seconds=30),
                retry_policy=PROMOTION_RETRY,
                cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
                summary=f"promote case {self._input.case_id} to {stage}",
            )
        )
        self._in_flight = [] if finishing else [task]
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
        await self._set_stage(stage)
        try:
            await _bookkeeping(
                RunActivities.close_run,
                RunClosure(status=replace(self._status)),
                f"record {stage} for case {self._input.case_id}",
                local=self._patched(LEAN_RUN_PATCH),
            )
        except ActivityError as err:
            # The run still ends with its true stage (in Temporal and the search attribute);
            # only the Postgres copy of the outcome is missing.
            workflow.logger.warning(
                "run outcome not recorded", extra={"stage": stage, "error": _describe(err)}
            )

    # --- helpers ------------------------------------------------------------------------

    def _patched(self, patch_id: str) -> bool:
        """Whether the run takes the change: runs since the fold take them all, unasked."""
        return self._folded or workflow.patched(patch_id)

    def _failed(self, source: Source) -> bool:
        return self._status.sources[source].state == FetchState.FAILED

    def _required_source_failed(self) -> bool:
        return any(self._failed(s) for s in REQUIRED_SOURCES)

    async def _set_stage(self, stage: Stage) -> None:
        changed = stage != self._status.stage
        if changed:
            self._record_stage_metrics(self._status.stage, stage)
            self._status.stage = stage
            workflow.upsert_search_attributes([INGESTION_STAGE.value_set(stage)])
        workflow.set_current_details(f"stage: {stage}")
        self._touch()
        # Open stages go to Postgres for the case list; close_run records the final one, and
        # in newer runs the promotion activities record theirs.
        by_promotion = self._stage_by_promotion and stage in PROMOTION_STAGES
        if (
            changed
            and stage in OPEN_STAGES
            and not by_promotion
            and self._patched(RECORD_STAGE_PATCH)
        ):
            try:
                await workflow.execute_local_activity_method(
                    RunActivities.record_stage,
                    StageChange(stage=stage, at=self._status.updated_at),
                    summary=f"record stage {stage} for case {self._input.case_id}",
                    start_to_close_timeout=BOOKKEEPING_TIMEOUT,
                    schedule_to_close_timeout=BOOKKEEPING_DEADLINE,
                    retry_policy=BOOKKEEPING_RETRY,
                )
            except ActivityError as err:
                # The case list's copy of the stage lags; the run itself goes on.
                workflow.logger.warning(
                    "stage not recorded", extra={"stage": stage, "error": _describe(err)}
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


async def _bookkeeping(
    method: Callable[[Any, BookkeepingT], Awaitable[None]],
    arg: BookkeepingT,
    summary: str,
    *,
    local: bool,
) -> None:
    """Run a bookkeeping activity: local for new runs, a regular one when replaying older runs."""
    if local:
        await workflow.execute_local_activity_method(
            method,
            arg,
            summary=summary,
            start_to_close_timeout=BOOKKEEPING_TIMEOUT,
            schedule_to_close_timeout=BOOKKEEPING_DEADLINE,
            retry_policy=BOOKKEEPING_RETRY,
        )
    else:
        await workflow.execute_activity_method(
            method,
            arg,
            summary=summary,
            start_to_close_timeout=BOOKKEEPING_TIMEOUT,
            schedule_to_close_timeout=BOOKKEEPING_DEADLINE,
            retry_policy=BOOKKEEPING_RETRY,
        )


def _describe(err: BaseException) -> str:
    """The message of the error the activity raised: its own words. Deeper causes are the
    exceptions it was handling (Temporal carries them along), not what the case reader needs."""
    # A Temporal failure's `cause` is its `__cause__`.
    while isinstance(err, ActivityError) and err.__cause__ is not None:
        err = err.__cause__
    return str(err)
