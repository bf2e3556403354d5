"""A run's state as the workflow keeps it and Postgres records it (DOMAIN 5.1): its stage, each
source's fetch state, and the status object the `status` query answers and a closed run stores.

Plain dataclasses and enums: they cross Temporal (`workflows.models` passes them through) and
are read back from `ingestion_runs.outcome`.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum

from medallion.cases.notices import Notice
from medallion.gold.counts import GoldCounts
from medallion.silver.counts import SilverCounts
from medallion.sources.names import Source

WORKFLOW_ID_PREFIX = "case-ingestion-"


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


def completed(
    status: IngestionStatus, gold: GoldCounts, warnings: list[Notice], at: str
) -> IngestionStatus:
    """The run's status once Gold is in: as the workflow ends it and as Gold's transaction
    records it."""
    return replace(
        status,
        stage=Stage.COMPLETE,
        updated_at=at,
        gold=gold,
        warnings=[*status.warnings, *warnings],
    )
