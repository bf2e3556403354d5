"""Values that cross Temporal boundaries: workflow input/result, signals, query, activity I/O.

Dataclasses of plain values only (ids, counts, short messages): raw payloads never travel
through workflow history. Fields are added with defaults so running histories stay readable.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from temporalio import workflow

# Plain dataclasses and names owned by the layers; passed through, not re-imported per run.
with workflow.unsafe.imports_passed_through():
    from medallion.gold.counts import GoldCounts
    from medallion.notices import Notice
    from medallion.silver.counts import SilverCounts
    from medallion.sources.names import REQUIRED_SOURCES, SOURCES, Source

__all__ = ["REQUIRED_SOURCES", "SOURCES", "GoldCounts", "Notice", "SilverCounts", "Source"]

WORKFLOW_ID_PREFIX = "case-ingestion-"


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


def workflow_id_for(case_id: str) -> str:
    return f"{WORKFLOW_ID_PREFIX}{case_id}"


class Stage(StrEnum):
    FETCHING = "fetching"
    NEEDS_ATTENTION = "needs_attention"
    SILVER = "silver"
    GOLD = "gold"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    FAILED = "failed"


# Stages of a run still open (recorded in Postgres as they are entered).
OPEN_STAGES = frozenset({Stage.FETCHING, Stage.NEEDS_ATTENTION, Stage.SILVER, Stage.GOLD})


class FetchState(StrEnum):
    """A source in this run (DOMAIN 5.1 `state`)."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # not requested, or absent


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
class SourceState:
    state: FetchState = FetchState.PENDING
    # Outcome of the last attempt (DOMAIN 2.3): stored, duplicate, empty, absent, auth_error, ...
    outcome: str | None = None
    bronze_id: str | None = None
    http_status: int | None = None
    last_error: str | None = None
    # Times this run started the source's fetch (1 + retry signals that named it).
    rounds: int = 0


@dataclass
class IngestionStatus:
    case_id: str
    case_number: str
    workflow_id: str
    run_id: str
    stage: Stage
    started_at: str
    updated_at: str
    sources: dict[Source, SourceState] = field(default_factory=dict)
    # Rows the run's promotions wrote; None until that layer is promoted.
    silver: SilverCounts | None = None
    gold: GoldCounts | None = None
    warnings: list[Notice] = field(default_factory=list)
    ignored_signals: list[str] = field(default_factory=list)
    cancel_reason: str | None = None
    error: str | None = None


@dataclass
class FetchRequest:
    case_id: str
    source: Source


@dataclass
class FetchResult:
    source: Source
    outcome: str  # stored, duplicate, empty
    bronze_id: str
    http_status: int
    payload_sha256: str
    records: int


@dataclass
class RunRecord:
    case_id: str
    case_number: str


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
    # Set by runs that let the promotion record its stage (ISO timestamp, workflow time): the
    # activity writes it to Postgres before it promotes. Older runs record it themselves.
    stage_at: str | None = None


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
