"""A case's Gold builds and the changes each found (DOMAIN §7): read the build to compare with,
record the new one with its changes. Called inside the Gold promotion's transaction, under its
per-case lock, so a build and its changes commit together or not at all.

A promotion retried within the same run (its activity retried after the transaction committed)
records nothing new: the run's build is already there, with every change it found, because the
build and its changes are one transaction and a run's Silver does not change between attempts.
The retry rebuilds Gold as before and reports that build's id and counts.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from medallion.gold.change_kinds import ChangeCounts
from medallion.gold.changes import Change, counts_of
from medallion.gold.compared import Compared
from medallion.platform.db import Connection
from medallion.silver.rules import CURRENT_RULES_VERSION_SQL

_SELECT_RUN_BUILD = """
SELECT build_id, alert_changes, info_changes
  FROM gold_builds
 WHERE case_id = $1 AND run_id = $2
 ORDER BY build_id DESC
 LIMIT 1
"""

_SELECT_LATEST_BUILD = """
SELECT build_id, run_id, reference_versions, compared
  FROM gold_builds
 WHERE case_id = $1
 ORDER BY build_id DESC
 LIMIT 1
"""

_INSERT_BUILD = """
INSERT INTO gold_builds (case_id, run_id, previous_build_id, as_of_date, reference_versions,
                         compared, alert_changes, info_changes)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING build_id
"""

_CHANGE_COLUMNS = (
    "build_id",
    "case_id",
    "run_id",
    "previous_run_id",
    "kind",
    "severity",
    "tax_year",
    "key",
    "before",
    "after",
    "as_of_date",
    "previous_versions",
    "versions",
)


@dataclass(frozen=True)
class RecordedBuild:
    """A build as the promotion reports it: ids and counts, nothing of the taxpayer."""

    build_id: int
    changes: ChangeCounts


@dataclass(frozen=True)
class PreviousBuild:
    build_id: int
    run_id: str
    versions: dict[str, Any]
    compared: Compared


async def run_build(conn: Connection, case_id: str, run_id: str) -> RecordedBuild | None:
    """The build this run already committed, if any (a retried promotion)."""
    row = await conn.fetchrow(_SELECT_RUN_BUILD, case_id, run_id)
    if row is None:
        return None
    return RecordedBuild(row["build_id"], ChangeCounts(row["alert_changes"], row["info_changes"]))


async def previous_build(conn: Connection, case_id: str) -> PreviousBuild | None:
    """The case's latest committed build: what a new build compares with."""
    row = await conn.fetchrow(_SELECT_LATEST_BUILD, case_id)
    if row is None:
        return None
    return PreviousBuild(
        build_id=row["build_id"],
        run_id=row["run_id"],
        versions=json.loads(row["reference_versions"]),
        compared=Compared.from_json(row["compared"]),
    )


async def build_versions(conn: Connection, reference: Mapping[str, int]) -> dict[str, Any]:
    """The rules and reference versions a build read (reference kind → reference_versions id),
    recorded on it and on its changes."""
    return {"silver_rules": await conn.fetchval(CURRENT_RULES_VERSION_SQL), **reference}


@dataclass(frozen=True)
class NewBuild:
    case_id: str
    run_id: str
    as_of: date
    versions: dict[str, Any]
    compared: Compared


async def record_build(
    conn: Connection, build: NewBuild, previous: PreviousBuild | None, changes: list[Change]
) -> RecordedBuild:
    """Insert the build and its change rows; returns the build's id and change counts."""
    counts = counts_of(changes)
    build_id: int = await conn.fetchval(
        _INSERT_BUILD,
        build.case_id,
        build.run_id,
        None if previous is None else previous.build_id,
        build.as_of,
        json.dumps(build.versions, sort_keys=True),
        build.compared.to_json(),
        counts.alert,
        counts.info,
    )
    if changes:
        assert previous is not None  # the first build of a case compares with nothing
        await conn.copy_records_to_table(
            "case_changes",
            records=[_change_record(build_id, build, previous, c) for c in changes],
            columns=_CHANGE_COLUMNS,
        )
    return RecordedBuild(build_id, counts)


def _change_record(
    build_id: int, build: NewBuild, previous: PreviousBuild, change: Change
) -> tuple[Any, ...]:
    return (
        build_id,
        build.case_id,
        build.run_id,
        previous.run_id,
        change.kind,
        change.severity,
        change.tax_year,
        _jsonb(change.key),
        _jsonb(change.before),
        _jsonb(change.after),
        build.as_of,
        _jsonb(previous.versions),
        _jsonb(build.versions),
    )


def _jsonb(value: object) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)
