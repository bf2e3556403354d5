"""Refresh schedules: create, list, pause, unpause, trigger and delete (Temporal Schedules)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from api import schedules
from api.deps import CASE_ID_PATTERN, SettingsDep, TemporalDep
from api.routes.batch import MAX_BATCH
from api.schemas import UNAVAILABLE, ErrorDetail
from api.temporal_errors import temporal_errors_as_503
from medallion.cases.identity import CASE_ID

router = APIRouter(
    prefix="/schedules",
    tags=["schedules"],
    responses={
        404: {"model": ErrorDetail, "description": "No schedule of that name"},
        **UNAVAILABLE,
    },
)

NAME_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
NamePath = Annotated[str, Path(pattern=NAME_PATTERN, examples=["nightly"])]
MAX_EVERY_S = 366 * 86400


def _cron_field(number: str, steps: str) -> str:
    item = rf"(\*(/({steps}))?|{number})"
    return rf"{item}(,{item}){{0,11}}"


# The cron expressions Temporal takes, as far as the API promises: five fields (minute, hour,
# day of month, month, day of week), each `*`, `*/step` or a list of numbers in the field's range.
# Checked here, so a typo is a 422 rather than an error from Temporal.
CRON_PATTERN = (
    "^"
    + " ".join(
        (
            _cron_field("[0-9]|[1-5][0-9]", "[1-9]|[1-5][0-9]"),
            _cron_field("[0-9]|1[0-9]|2[0-3]", "[1-9]|1[0-9]|2[0-3]"),
            _cron_field("[1-9]|[12][0-9]|3[01]", "[1-9]|[12][0-9]|3[01]"),
            _cron_field("[1-9]|1[0-2]", "[1-9]|1[0-2]"),
            _cron_field("[0-6]", "[1-6]"),
        )
    )
    + "$"
)


class ScheduleRequest(BaseModel):
    # Exactly one timing, stated in the schema as the model validator below checks it.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["every_s"],
                    "properties": {"every_s": {"type": "number"}, "cron": {"type": "null"}},
                },
                {
                    "required": ["cron"],
                    "properties": {"cron": {"type": "string"}, "every_s": {"type": "null"}},
                },
            ]
        },
    )
    name: str = Field(pattern=NAME_PATTERN, examples=["nightly"])
    # The pattern is stated for each id; _case_ids checks it with a message that says which.
    case_ids: Annotated[
        list[Annotated[str, Field(json_schema_extra={"pattern": CASE_ID_PATTERN})]],
        Field(min_length=1, max_length=MAX_BATCH, examples=[["1295022"]]),
    ]
    every_s: float | None = Field(
        default=None, ge=60, le=MAX_EVERY_S, description="Interval in seconds (60 s to 366 days)."
    )
    cron: str | None = Field(default=None, pattern=CRON_PATTERN, examples=["0 2 * * *"])
    paused: StrictBool = False

    @field_validator("case_ids")
    @classmethod
    def _case_ids(cls, ids: list[str]) -> list[str]:
        bad = [i for i in ids if not CASE_ID.fullmatch(i)]
        if bad:
            raise ValueError(f"case ids must be 1-12 digits: {', '.join(bad[:5])}")
        return list(dict.fromkeys(ids))

    @model_validator(mode="after")
    def _one_timing(self) -> "ScheduleRequest":
        if (self.every_s is None) == (self.cron is None):
            raise ValueError("give exactly one of every_s and cron")
        return self


class ScheduleView(BaseModel):
    name: str
    case_ids: list[str]
    every_s: float | None
    cron: str | None
    paused: bool
    overlap: str = "skip"
    note: str
    next_run_at: datetime | None
    recent_runs: int


@contextmanager
def _known(name: str) -> Iterator[None]:
    with temporal_errors_as_503():
        try:
            yield
        except schedules.ScheduleMissing:
            raise HTTPException(404, f"no schedule named {name}") from None


@router.post(
    "",
    response_model=ScheduleView,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorDetail, "description": "A schedule of that name exists"}},
)
async def create(body: ScheduleRequest, client: TemporalDep, settings: SettingsDep) -> ScheduleView:
    """A schedule that re-ingests the cases every `every_s` seconds or on a cron expression."""
    with _known(body.name):
        try:
            await schedules.create_schedule(
                client,
                settings,
                body.name,
                body.case_ids,
                every_s=body.every_s,
                cron=body.cron,
                paused=body.paused,
            )
        except schedules.ScheduleExists:
            raise HTTPException(409, f"a schedule named {body.name} exists") from None
        return ScheduleView.model_validate(
            await schedules.describe_schedule(client, body.name), from_attributes=True
        )


@router.get("", response_model=list[ScheduleView])
async def list_all(client: TemporalDep) -> list[ScheduleView]:
    with temporal_errors_as_503():
        found = await schedules.list_schedules(client)
    return [ScheduleView.model_validate(s, from_attributes=True) for s in found]


@router.get("/{name}", response_model=ScheduleView)
async def show(name: NamePath, client: TemporalDep) -> ScheduleView:
    with _known(name):
        found = await schedules.describe_schedule(client, name)
    return ScheduleView.model_validate(found, from_attributes=True)


@router.post("/{name}/pause", status_code=status.HTTP_204_NO_CONTENT)
async def pause(name: NamePath, client: TemporalDep) -> Response:
    with _known(name):
        await schedules.set_paused(client, name, True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/unpause", status_code=status.HTTP_204_NO_CONTENT)
async def unpause(name: NamePath, client: TemporalDep) -> Response:
    with _known(name):
        await schedules.set_paused(client, name, False)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{name}/trigger", status_code=status.HTTP_204_NO_CONTENT)
async def trigger(name: NamePath, client: TemporalDep) -> Response:
    """Run the refresh now (skipped if the previous one is still starting its cases)."""
    with _known(name):
        await schedules.trigger(client, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(name: NamePath, client: TemporalDep) -> Response:
    with _known(name):
        await schedules.delete_schedule(client, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
