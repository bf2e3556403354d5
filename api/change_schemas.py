"""Change rows and build counts as the API shows them (DOMAIN §7)."""

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from medallion.cases.change_log import LatestBuild
from medallion.gold.change_kinds import ChangeKind, Severity


class Change(BaseModel):
    """One change between two builds of a case. `key`, `before` and `after` hold the compared
    columns (money as exact strings, dates as ISO text); a TIN appears only as its last 4."""

    change_id: int
    case_id: str
    build_id: int
    run_id: str
    previous_run_id: str
    kind: ChangeKind
    severity: Severity
    tax_year: int | None = Field(description="null for a change of the case (resolution options)")
    key: dict[str, Any]
    before: dict[str, Any] | None = Field(description="null when the key is new in this build")
    after: dict[str, Any] | None = Field(description="null when the key is gone in this build")
    detected_at: datetime
    as_of_date: date
    previous_versions: dict[str, Any]
    versions: dict[str, Any]


class CaseChanges(BaseModel):
    """A case's change log, newest first."""

    case_id: str
    changes: list[Change]
    next_cursor: str | None = Field(description="the next (older) page; null on the last page")


class ChangeFeed(BaseModel):
    """Changes across cases, oldest first."""

    changes: list[Change]
    next_cursor: str | None = Field(
        description="store it and send it as `cursor` on the next poll; null until a change "
        "was seen"
    )
    more: bool = Field(description="more changes are ready now: poll again at once")


class BuildChanges(BaseModel):
    """The changes the case's latest Gold build found, by severity (DOMAIN §7); the list is at
    /api/cases/{case_id}/changes."""

    run_id: str = Field(description="the ingestion run that made the build")
    committed_at: datetime
    alert: int
    info: int


def build_changes(build: LatestBuild | None) -> BuildChanges | None:
    return None if build is None else BuildChanges.model_validate(asdict(build))
