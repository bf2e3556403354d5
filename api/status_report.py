"""The case status report (DOMAIN section 5): the live workflow merged with Postgres counts.

An open run is asked through its `status` query; a closed run's state is read from
`ingestion_runs`, so a closed run never needs a history replay.
"""

import dataclasses
from datetime import UTC, datetime, timedelta

import asyncpg
from temporalio.client import (
    Client,
    WorkflowExecutionDescription,
    WorkflowExecutionStatus,
    WorkflowQueryFailedError,
)
from temporalio.service import RPCError

from api.change_schemas import build_changes
from api.earlier_payloads import earlier_payload_notice, earlier_payloads
from api.ingestion import describe_latest, is_open, query_status
from api.schemas import (
    BronzeBlock,
    GoldBlock,
    OverallStatus,
    SilverBlock,
    SourceReport,
    StatusReport,
    WorkflowBlock,
)
from api.temporal_errors import TemporalUnavailable, is_unavailable
from api.ui_links import workflow_ui_url
from medallion.cases.identity import default_case_number
from medallion.cases.layers import CaseLayers
from medallion.cases.notices import Notice
from medallion.cases.queries import (
    BronzeStats,
    RecordedRun,
    SourceStats,
    bronze_stats_and_layers,
    case_and_runs,
    case_snapshot,
)
from medallion.gold.counts import GoldCounts
from medallion.platform.settings import Settings
from medallion.silver.counts import SilverCounts
from medallion.sources.names import SOURCES, Source
from workflows.models import FetchState, IngestionStatus, SourceState, Stage, workflow_id_for

_CLOSED_STAGE_BY_TEMPORAL_STATUS = {
    WorkflowExecutionStatus.COMPLETED: Stage.COMPLETE,
    WorkflowExecutionStatus.CANCELED: Stage.CANCELLED,
    WorkflowExecutionStatus.FAILED: Stage.FAILED,
    WorkflowExecutionStatus.TERMINATED: Stage.FAILED,
    WorkflowExecutionStatus.TIMED_OUT: Stage.FAILED,
}
# Why a run Temporal closed without the workflow's own bookkeeping ended, in our words.
_CLOSED_BY_TEMPORAL = {
    WorkflowExecutionStatus.TERMINATED: "the run was terminated in Temporal",
    WorkflowExecutionStatus.TIMED_OUT: "the run timed out in Temporal",
    WorkflowExecutionStatus.CANCELED: "cancelled in Temporal",
    WorkflowExecutionStatus.FAILED: "the run failed in Temporal",
}


# Closed stages whose Temporal status follows from the stage alone (a cancelled run may be
# Completed or Canceled in Temporal, so its status is asked).
_TEMPORAL_STATUS_BY_CLOSED_STAGE = {Stage.COMPLETE: "completed", Stage.FAILED: "failed"}


@dataclasses.dataclass
class _RunView:
    """What is known of the case's latest run, from Temporal and from `ingestion_runs`."""

    description: WorkflowExecutionDescription | None
    recorded: RecordedRun | None
    live: IngestionStatus | None  # the status query's answer, for an open run
    temporal_reachable: bool
    last_complete: RecordedRun | None  # the newest run that reached `complete`

    @property
    def run_id(self) -> str | None:
        if self.description is not None:
            return self.description.run_id
        return self.recorded.run_id if self.recorded else None

    @property
    def is_open(self) -> bool:
        if self.temporal_reachable:
            return is_open(self.description)
        return self.recorded is not None and self.recorded.closed_at is None

    @property
    def state(self) -> IngestionStatus | None:
        """The workflow's own status object: live if open, else as recorded at its end."""
        if self.live is not None:
            return self.live
        return self.recorded.outcome if self.recorded else None

    @property
    def closed_by_temporal(self) -> str | None:
        """Set when Temporal closed the run but its own close was never recorded (terminated,
        timed out, cancelled before it registered): then Temporal's word decides."""
        described = self.description
        if described is None or described.status in (None, WorkflowExecutionStatus.RUNNING):
            return None
        if self.recorded is not None and self.recorded.closed_at is not None:
            return None
        return _CLOSED_BY_TEMPORAL.get(described.status)

    @property
    def stage(self) -> Stage | None:
        described = self.description
        if self.closed_by_temporal is not None and described is not None and described.status:
            return _CLOSED_STAGE_BY_TEMPORAL_STATUS.get(described.status)
        if self.state is not None:
            return self.state.stage
        if self.recorded is not None:
            return self.recorded.stage
        if self.description is not None and self.description.status is not None:
            return _CLOSED_STAGE_BY_TEMPORAL_STATUS.get(self.description.status)
        return None

    @property
    def error(self) -> str | None:
        return self.state.error if self.state else None

    @property
    def cancel_reason(self) -> str | None:
        return self.state.cancel_reason if self.state else None

    @property
    def sources(self) -> dict[Source, SourceState]:
        return self.state.sources if self.state else {}

    @property
    def warnings(self) -> list[Notice]:
        return self.state.warnings if self.state else []


async def build_status_report(
    pool: asyncpg.Pool, client: Client, settings: Settings, case_id: str
) -> StatusReport | None:
    """The report, or None when nothing is known of the case (no run, no Bronze)."""
    async with pool.acquire() as conn:
        number, runs = await case_and_runs(conn, case_id)
        if runs and runs[0].stage in _TEMPORAL_STATUS_BY_CLOSED_STAGE and runs[0].closed_at:
            # The latest run closed and recorded its end (the API records every start at once):
            # Postgres knows all there is; Temporal is not asked. The layers as the run closed
            # came with it; only a run closed before that snapshot was kept is counted again.
            run = _run_view(None, None, True, runs)
            snapshot = runs[0].snapshot
            if snapshot is None:
                snapshot = await case_snapshot(conn, case_id, run.run_id)
            return _report(settings, case_id, number, run, snapshot.bronze, snapshot.layers)
    # Asked with no database connection held while Temporal answers.
    description, live, reachable = await _ask_temporal(client, case_id)
    run = _run_view(description, live, reachable, runs)
    async with pool.acquire() as conn:
        bronze, layers = await bronze_stats_and_layers(conn, case_id, SOURCES, run.run_id)
    # A case row without a run is a trigger Temporal refused: nothing to report.
    if not runs and run.description is None and bronze.total_payloads == 0:
        if not reachable:
            # A run may have started that Postgres does not know of yet: not a 404.
            raise TemporalUnavailable("the case has no record in Postgres yet")
        return None
    return _report(settings, case_id, number, run, bronze, layers)


def _report(
    settings: Settings,
    case_id: str,
    number: str | None,
    run: _RunView,
    bronze: BronzeStats,
    layers: CaseLayers,
) -> StatusReport:
    silver_numbers, gold_numbers = layers.silver, layers.gold
    silver = SilverBlock(
        **dataclasses.asdict(silver_numbers),
        total_records=silver_numbers.tax_years + silver_numbers.income_documents,
        unmapped_transaction_codes=layers.unmapped_codes,
        unmapped_form_types=layers.unmapped_forms,
    )
    gold = GoldBlock(
        **dataclasses.asdict(gold_numbers),
        total_records=gold_numbers.employment + gold_numbers.household,
    )
    status, message = _overall_status(run, bronze, silver_numbers, gold_numbers)
    is_stale = bronze.last_success_at is not None and bronze.last_success_at < datetime.now(
        UTC
    ) - timedelta(days=settings.freshness_days)
    return StatusReport(
        case_id=case_id,
        case_number=number or default_case_number(case_id),
        status=status,
        message=message,
        stage=run.stage,
        is_stale=is_stale,
        workflow=_workflow_block(run, settings, case_id),
        bronze=_bronze_block(run, bronze),
        silver=silver,
        gold=gold,
        changes=build_changes(layers.latest_build),
        warnings=_warnings(run, bronze, silver, is_stale, settings),
        generated_at=datetime.now(UTC),
    )


async def _ask_temporal(
    client: Client, case_id: str
) -> tuple[WorkflowExecutionDescription | None, IngestionStatus | None, bool]:
    """The latest run's description, its live status if open, and whether Temporal answered."""
    description, live, reachable = None, None, True
    try:
        description = await describe_latest(client, case_id)
        if is_open(description):
            live = await query_status(client, case_id)
    except (RPCError, RuntimeError, WorkflowQueryFailedError) as err:
        # No worker to answer the query, or Temporal down: fall back to what Postgres recorded.
        if isinstance(err, RuntimeError) and not is_unavailable(err):
            raise
        reachable = description is not None or not is_unavailable(err)
    return description, live, reachable


def _run_view(
    description: WorkflowExecutionDescription | None,
    live: IngestionStatus | None,
    reachable: bool,
    runs: list[RecordedRun],
) -> _RunView:
    wanted = description.run_id if description else None
    recorded = next((r for r in runs if r.run_id == wanted), None) if wanted else None
    if description is None and runs:
        recorded = runs[0]
    last_complete = next((r for r in runs if r.stage == Stage.COMPLETE), None)
    return _RunView(description, recorded, live, reachable, last_complete)


def _overall_status(
    run: _RunView, bronze: BronzeStats, silver: SilverCounts, gold: GoldCounts
) -> tuple[OverallStatus, str]:
    stage = run.stage
    if run.is_open:
        if stage == Stage.NEEDS_ATTENTION:
            failed = _failed_sources(run, bronze)
            return (
                "needs_attention",
                f"Source {failed} failed: {_first_error(run, bronze)}; retry or cancel.",
            )
        return "in_progress", f"Ingestion is running (stage: {stage or 'starting'})."
    if stage == Stage.FAILED:
        error = run.closed_by_temporal or run.error or "see the Temporal UI for the failure"
        return "failed", f"Ingestion failed: {error}"
    if stage == Stage.CANCELLED and not _gold_matches_current_bronze(run, bronze):
        reason = run.cancel_reason or run.closed_by_temporal or "cancel requested"
        return "cancelled", f"Ingestion cancelled: {reason}"
    if bronze.total_payloads == 0 and stage is None:
        return "not_started", "No data found. Trigger extraction to begin."
    if silver.typed_rows == 0:
        return "bronze_only", "Raw data stored; typed data not built yet."
    if gold.rows == 0:
        return "silver_only", "Typed data ready; business tables not built yet."
    return "complete", "Data fully processed and ready to use."


def _gold_matches_current_bronze(run: _RunView, bronze: BronzeStats) -> bool:
    """A cancelled re-run leaves the case complete if Gold was built from today's Bronze."""
    complete = run.last_complete
    if complete is None or complete.outcome is None:
        return False
    used = {s.bronze_id for s in complete.outcome.sources.values()} - {None}
    current = {s.current_bronze_id for s in bronze.sources.values()} - {None}
    return used == current


def _source_state(run: _RunView, name: Source, stats: SourceStats) -> FetchState:
    """The workflow's word when it answered; else (no worker answered the query, or the run
    closed without one) what Bronze recorded. A run parked in needs_attention failed for good
    on each source whose last attempt did not succeed."""
    from_workflow = run.sources.get(name)
    if from_workflow is not None:
        return from_workflow.state
    if run.stage == Stage.NEEDS_ATTENTION and stats.last_outcome not in _NOT_FAILED:
        return FetchState.FAILED
    return FetchState.SUCCEEDED if stats.payloads else FetchState.PENDING


def _failed_sources(run: _RunView, bronze: BronzeStats) -> str:
    failed = [
        name
        for name in SOURCES
        if _source_state(run, name, bronze.sources[name]) == FetchState.FAILED
    ]
    return ", ".join(failed) or "?"


def _first_error(run: _RunView, bronze: BronzeStats) -> str:
    for name in SOURCES:
        from_workflow = run.sources.get(name)
        error = from_workflow.last_error if from_workflow else bronze.sources[name].last_error
        if _source_state(run, name, bronze.sources[name]) == FetchState.FAILED and error:
            return error
    return "see the Temporal UI"


def _bronze_block(run: _RunView, bronze: BronzeStats) -> BronzeBlock:
    workflow_sources = run.sources
    from_earlier = {p.source for p in earlier_payloads(workflow_sources, bronze)}
    reports = {}
    for name in SOURCES:
        stats = bronze.sources[name]
        from_workflow = workflow_sources.get(name)
        outcome = from_workflow.outcome if from_workflow is not None else None
        reports[name] = SourceReport(
            state=_source_state(run, name, stats),
            payload_from_earlier_run=name in from_earlier,
            outcome=stats.last_outcome or outcome,
            payloads=stats.payloads,
            current_bronze_id=stats.current_bronze_id,
            last_fetched_at=stats.last_fetched_at,
            last_http_status=stats.last_http_status,
            attempts=stats.run_attempts,
            last_error=stats.last_error if stats.last_outcome not in _SUCCESS else None,
        )
    return BronzeBlock(
        at=bronze.sources["at"].payloads > 0,
        wi=bronze.sources["wi"].payloads > 0,
        trt=bronze.sources["trt"].payloads > 0,
        interview=bronze.sources["interview"].payloads > 0,
        total_records=bronze.total_payloads,
        sources=reports,
        documents={
            "pdfs": bronze.pdfs,
            "same_name_different_content": bronze.same_name_different_content,
        },
    )


_SUCCESS = frozenset({"stored", "duplicate", "empty"})
# Last outcomes of a source that did not fail (None: not attempted in this run).
_NOT_FAILED = _SUCCESS | {"absent", None}


def _workflow_block(run: _RunView, settings: Settings, case_id: str) -> WorkflowBlock | None:
    description, recorded = run.description, run.recorded
    run_id = run.run_id or ""
    if description is not None:
        return WorkflowBlock(
            workflow_id=description.id,
            run_id=run_id,
            temporal_status=_temporal_status(run),
            started_at=description.start_time,
            closed_at=description.close_time,
            ui_url=workflow_ui_url(settings, case_id, run_id),
        )
    if recorded is not None:
        return WorkflowBlock(
            workflow_id=workflow_id_for(case_id),
            run_id=run_id,
            temporal_status=_temporal_status(run),
            started_at=recorded.started_at,
            closed_at=recorded.closed_at,
            ui_url=workflow_ui_url(settings, case_id, run_id),
        )
    return None


def _temporal_status(run: _RunView) -> str:
    description = run.description
    if description is not None and description.status:
        return description.status.name.lower()
    if run.temporal_reachable and run.recorded is not None and run.recorded.closed_at:
        return _TEMPORAL_STATUS_BY_CLOSED_STAGE.get(run.recorded.stage, "unknown")
    return "unknown"


def _warnings(
    run: _RunView, bronze: BronzeStats, silver: SilverBlock, is_stale: bool, settings: Settings
) -> list[Notice]:
    items = list(run.warnings)
    items += [earlier_payload_notice(p) for p in earlier_payloads(run.sources, bronze)]
    if silver.quarantined:
        items.append(
            _report_notice(code="quarantined", detail=f"{silver.quarantined} records quarantined")
        )
    if silver.unmapped_transaction_codes:
        codes = ", ".join(silver.unmapped_transaction_codes)
        items.append(_report_notice(code="unmapped_transaction_codes", detail=codes))
    if silver.unmapped_form_types:
        forms = ", ".join(silver.unmapped_form_types)
        items.append(_report_notice(code="unmapped_form_types", detail=forms))
    if is_stale:
        items.append(
            _report_notice(
                code="stale",
                detail=f"newest successful fetch is older than {settings.freshness_days} days",
            )
        )
    if not run.temporal_reachable:
        items.append(
            _report_notice(code="temporal_unavailable", detail="run state read from Postgres only")
        )
    return items


def _report_notice(code: str, detail: str, source: str | None = None) -> Notice:
    return Notice(code=code, detail=detail, source=source, layer="report")
