"""Values that cross Temporal boundaries: workflow input/result, signals, query, activity I/O.

Dataclasses of plain values only (ids, counts, short messages): raw payloads never travel
through workflow history. Fields are added with defaults so running histories stay readable.
"""

from dataclasses import dataclass, field

from temporalio import workflow

# Plain dataclasses and names owned by the layers; passed through, not re-imported per run.
with workflow.unsafe.imports_passed_through():
    from medallion.cases.notices import Notice
    from medallion.cases.run_state import (
        OPEN_STAGES,
        WORKFLOW_ID_PREFIX,
        FetchState,
        IngestionStatus,
        SourceState,
        Stage,
        workflow_id_for,
    )
    from medallion.gold.counts import GoldCounts
    from medallion.silver.counts import SilverCounts
    from medallion.sources.names import SOURCES, Source

__all__ = [
    "OPEN_STAGES",
    "WORKFLOW_ID_PREFIX",
    "FetchState",
    "GoldCounts",
    "IngestionStatus",
    "Notice",
    "SilverCounts",
    "Source",
    "SourceState",
    "Stage",
    "workflow_id_for",
]


@dataclass(frozen=True)
class Backoff:
    initial_s: float
    coefficient: float
    max_s: float


# The fetch retry policy's backoff; the fetch activity keeps `Retry-After` from undercutting it.
FETCH_BACKOFF = Backoff(initial_s=1.0, coefficient=2.0, max_s=60.0)


def fetch_task_queue(task_queue: str, source: str) -> str:
    """The task queue of one source's fetches: its rate limit holds across every worker."""
    return f"{task_queue}-fetch-{source}"


@dataclass
class IngestionInput:
    case_id: str
    case_number: str | None = None
    sources: list[Source] = field(default_factory=lambda: list(SOURCES))
    # False replays Silver and Gold from the Bronze already stored (no source is called).
    fetch: bool = True
    # ISO date Gold treats as today; None means the run's start date (UTC).
    as_of: str | None = None
    # How long `needs_attention` waits for a retry or cancel signal before giving up.
    needs_attention_timeout_s: float = 24 * 3600
    fetch_max_attempts: int = 5


@dataclass
class RetryRequest:
    # Empty means every failed source.
    sources: list[Source] = field(default_factory=list)


@dataclass
class CancelRequest:
    reason: str = "cancel requested"


@dataclass
class IngestionOutcome:
    """The workflow's result: how the run ended (a failed run raises its error instead). The
    report lives in Postgres and the `status` query."""

    stage: Stage
    cancel_reason: str | None = None


@dataclass
class RunRecord:
    case_id: str
    case_number: str


@dataclass
class FetchRequest:
    case_id: str
    source: Source
    # Set on each fetch of the run's first round: the activity registers the case and the run in
    # Postgres (a no-op when done) before it calls the source, so a run started from the UI, CLI
    # or a schedule is recorded, and no payload is stored before its case is known.
    registers: RunRecord | None = None


@dataclass
class FetchResult:
    source: Source
    outcome: str  # stored, duplicate, empty
    bronze_id: str
    http_status: int
    records: int


@dataclass
class StageChange:
    stage: Stage
    at: str  # ISO timestamp, workflow time


@dataclass
class RunClosure:
    status: IngestionStatus


@dataclass
class PromotionRequest:
    case_id: str
    as_of: str | None = None
    # The stage's start (ISO timestamp, workflow time): the activity records the stage in
    # Postgres, for the case list, before it promotes.
    stage_at: str | None = None
    # Set when no fetch ran (a replay from Bronze): the promotion registers the run.
    registers: RunRecord | None = None
    # Gold's: the run's status as Gold starts. The promotion records the run's close with it,
    # in its own transaction, so a complete run needs no bookkeeping step of its own.
    closing: IngestionStatus | None = None


@dataclass
class SilverPromotion:
    counts: SilverCounts = field(default_factory=SilverCounts)
    warnings: list[Notice] = field(default_factory=list)


@dataclass
class GoldPromotion:
    # The build this promotion recorded and its changes by severity (DOMAIN §7): ids and counts
    # only. The Temporal UI shows them in the promote_gold activity's result, so an operator
    # sees there that a refresh found alerts. Null build_id: a result recorded before builds.
    alert_changes: int = 0
    info_changes: int = 0
    build_id: int | None = None
    counts: GoldCounts = field(default_factory=GoldCounts)
    warnings: list[Notice] = field(default_factory=list)
