"""Request and response bodies. Field names keep the shapes the existing front end reads."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.caller_input import CaseNumber, Reason
from api.deps import CASE_ID_PATTERN
from workflows.models import SOURCES

SourceName = Literal["at", "wi", "trt", "interview"]
assert set(SourceName.__args__) == set(SOURCES)  # type: ignore[attr-defined]


class ExtractRequest(BaseModel):
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
    reason: Reason = "cancelled through the API"


class RetryBody(BaseModel):
    sources: list[SourceName] = Field(
        default_factory=list, description="Sources to fetch again; empty means every failed one."
    )


class SignalResponse(BaseModel):
    status: Literal["cancel_requested", "retry_requested"]
    case_id: str
    workflow_id: str
    run_id: str
    timestamp: datetime


class SourceReport(BaseModel):
    state: str
    outcome: str | None
    payloads: int
    current_bronze_id: str | None
    last_fetched_at: datetime | None
    last_http_status: int | None
    attempts: int
    last_error: str | None


class BronzeBlock(BaseModel):
    at: bool
    wi: bool
    trt: bool
    interview: bool
    total_records: int
    sources: dict[str, SourceReport]
    documents: dict[str, int]


class SilverBlock(BaseModel):
    model_config = ConfigDict(extra="allow")
    tax_years: int = 0
    income_documents: int = 0
    total_records: int = 0
    quarantined: int = 0
    unmapped_transaction_codes: list[str] = []
    unmapped_form_types: list[str] = []


class GoldBlock(BaseModel):
    model_config = ConfigDict(extra="allow")
    employment: int = 0
    household: int = 0
    total_records: int = 0


class WorkflowBlock(BaseModel):
    workflow_id: str
    run_id: str
    temporal_status: str
    started_at: datetime | None
    closed_at: datetime | None
    ui_url: str


class WarningItem(BaseModel):
    code: str
    detail: str
    tax_year: int | None = None
    source: str | None = None


class StatusReport(BaseModel):
    case_id: str
    case_number: str
    status: Literal[
        "not_started", "in_progress", "needs_attention", "bronze_only", "silver_only",
        "complete", "failed", "cancelled",
    ]  # fmt: skip
    message: str
    stage: str | None
    is_stale: bool
    workflow: WorkflowBlock | None
    bronze: BronzeBlock
    silver: SilverBlock
    gold: GoldBlock
    warnings: list[WarningItem]
    generated_at: datetime


class Liveness(BaseModel):
    status: Literal["ok"]


class HealthReport(BaseModel):
    status: Literal["ok", "unavailable"]
    temporal: str
    postgres: str
    workers: str
    task_queue: str
    # What readiness waits for: any of temporal, postgres, workers.
    missing: list[str] = []
