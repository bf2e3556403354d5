"""Request and response bodies. Field names keep the shapes the existing front end reads."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.caller_input import CaseNumber, Reason
from api.change_schemas import BuildChanges
from api.deps import CASE_ID_PATTERN
from medallion.cases.notices import Notice
from medallion.gold.counts import GoldCounts
from medallion.silver.counts import SilverCounts
from medallion.sources.names import Source
from workflows.models import FetchState, Stage


class ErrorDetail(BaseModel):
    detail: str


# What a route that reads Postgres or Temporal answers while one of them, or every worker, is down.
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorDetail,
        "description": "Postgres, Temporal or every worker is unavailable; the detail says which",
    }
}


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not a default
    case_id: str = Field(pattern=CASE_ID_PATTERN, examples=["1295022"])
    case_number: CaseNumber | None = Field(default=None, examples=["CASE-1295022"])
    async_mode: StrictBool = True
    fetch: StrictBool = Field(
        default=True,
        description="false rebuilds Silver and Gold from the stored Bronze, calling no source.",
    )


class ExtractResponse(BaseModel):
    status: Literal["triggered", "completed", "failed", "cancelled"]
    case_id: str
    case_number: str
    message: str
    workflow_id: str
    run_id: str
    attached: bool = Field(description="True when the case already had a run in progress.")
    temporal_ui: str
    dagster_ui: str = Field(description="Deprecated alias of temporal_ui for existing readers.")
    status_url: str = Field(description="Where the run's progress and result are reported.")
    timestamp: datetime


class CancelBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = "cancelled through the API"


class RetryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source] = Field(
        default_factory=list, description="Sources to fetch again; empty means every failed one."
    )


SignalStatus = Literal["cancel_requested", "retry_requested"]


class SignalResponse(BaseModel):
    status: SignalStatus
    case_id: str
    workflow_id: str
    run_id: str
    timestamp: datetime


class SourceReport(BaseModel):
    state: FetchState
    outcome: str | None
    payloads: int
    current_bronze_id: str | None
    last_fetched_at: datetime | None
    last_http_status: int | None
    attempts: int
    last_error: str | None
    payload_from_earlier_run: bool = Field(
        default=False,
        description="This run did not fetch the source (failed, skipped, absent): Silver and "
        "Gold use the payload of last_fetched_at.",
    )


class BronzeBlock(BaseModel):
    at: bool
    wi: bool
    trt: bool
    interview: bool
    total_records: int
    sources: dict[Source, SourceReport]
    documents: dict[str, int]


@dataclass(frozen=True)
class SilverBlock(SilverCounts):
    """The case's Silver counts (as the workflow records them), the inherited `total_records`
    and the transaction codes and form types no rule matched."""

    total_records: int = 0
    unmapped_transaction_codes: list[str] = field(default_factory=list)
    unmapped_form_types: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GoldBlock(GoldCounts):
    """The case's Gold counts (as the workflow records them) and the inherited `total_records`."""

    total_records: int = 0


class WorkflowBlock(BaseModel):
    workflow_id: str
    run_id: str
    temporal_status: str
    started_at: datetime | None
    closed_at: datetime | None
    ui_url: str


OverallStatus = Literal[
    "not_started", "in_progress", "needs_attention", "bronze_only", "silver_only",
    "complete", "failed", "cancelled",
]  # fmt: skip


class StatusReport(BaseModel):
    case_id: str
    case_number: str
    status: OverallStatus
    message: str
    stage: Stage | None
    is_stale: bool
    workflow: WorkflowBlock | None
    bronze: BronzeBlock
    silver: SilverBlock
    gold: GoldBlock
    # The latest Gold build's changes by severity (DOMAIN §7); null before the first build.
    changes: BuildChanges | None = None
    warnings: list[Notice]
    generated_at: datetime


class Liveness(BaseModel):
    status: Literal["ok"]


class HealthReport(BaseModel):
    status: Literal["ok", "unavailable"]
    temporal: str
    postgres: str
    workers: str
    task_queue: str
    # What readiness waits for: any of temporal, postgres, workers, fetch workers.
    missing: list[str] = []
