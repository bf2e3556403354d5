"""A case's stage and source changes as a stream of events, until its run closes.

Each poll takes one snapshot: the live status (a workflow query) while the run is open, the
status its bookkeeping wrote to Postgres once it closed, and the run's Gold build once it
committed. Only changes are sent; a build that found changes (DOMAIN §7) is one `changes` event.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from temporalio.client import Client, WorkflowQueryFailedError
from temporalio.service import RPCError

from api.ingestion import describe_latest, is_open, query_status
from api.temporal_errors import is_unavailable
from medallion.cases.change_log import LatestBuild, latest_build
from medallion.cases.queries import recorded_runs
from workflows.models import IngestionStatus


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    stage: str
    open: bool
    # source -> {state, outcome, http_status}; empty while no worker answers the query.
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The changes the run's Gold build found, by severity; None until the build commits.
    build_changes: dict[str, int] | None = None


def _build_changes(build: LatestBuild | None, run_id: str) -> dict[str, int] | None:
    if build is None or build.run_id != run_id:
        return None
    return {"alert": build.alert, "info": build.info}


def _sources(status: IngestionStatus | None) -> dict[str, dict[str, Any]]:
    if status is None:
        return {}
    return {
        name: {"state": s.state, "outcome": s.outcome, "http_status": s.http_status}
        for name, s in status.sources.items()
    }


async def snapshot(client: Client, pool: asyncpg.Pool, case_id: str) -> Snapshot | None:
    """The latest run now; None when the case never had one."""
    description = await describe_latest(client, case_id)
    async with pool.acquire() as conn:
        runs = await recorded_runs(conn, case_id)
        build = await latest_build(conn, case_id)
    if description is None:
        if not runs:
            return None
        latest = runs[0]
        found = _build_changes(build, latest.run_id)
        return Snapshot(latest.run_id, latest.stage, False, _sources(latest.outcome), found)
    run_id = description.run_id
    recorded = next((r for r in runs if r.run_id == run_id), None)
    found = _build_changes(build, run_id)
    if is_open(description):
        try:
            live = await query_status(client, case_id)
        except (RPCError, WorkflowQueryFailedError):
            # No worker answers queries now: the stage Postgres holds, sources unknown.
            stage = recorded.stage if recorded else "fetching"
            return Snapshot(run_id, stage, True, build_changes=found)
        return Snapshot(run_id, live.stage, True, _sources(live), found)
    if recorded is not None and recorded.closed_at is not None:
        return Snapshot(recorded.run_id, recorded.stage, False, _sources(recorded.outcome), found)
    # Closed without its bookkeeping (terminated in Temporal): Temporal's word for it.
    status = description.status.name.lower() if description.status else "closed"
    return Snapshot(run_id, status, False, build_changes=found)


def changes(before: Snapshot | None, now: Snapshot) -> list[tuple[str, dict[str, Any]]]:
    """The events that take a reader from `before` to `now`: (event name, data)."""
    new_run = before is None or before.run_id != now.run_id
    stage = [("stage", {"run_id": now.run_id, "stage": now.stage})]
    sources = [
        ("source", {"run_id": now.run_id, "source": name, **state})
        for name, state in now.sources.items()
        if new_run or (before is not None and before.sources.get(name) != state)
    ]
    found = (
        [("changes", {"run_id": now.run_id, **now.build_changes})]
        if now.build_changes is not None
        and sum(now.build_changes.values()) > 0
        and (new_run or (before is not None and before.build_changes is None))
        else []
    )
    # A new run opens with its stage; later, sources settle (and the build finds its changes)
    # before the stage they lead to.
    if new_run:
        events = stage + sources + found
    else:
        moved = before is not None and before.stage != now.stage
        events = sources + found + (stage if moved else [])
    if not now.open:
        events.append(("closed", {"run_id": now.run_id, "stage": now.stage}))
    return events


async def case_events(
    client: Client, pool: asyncpg.Pool, case_id: str, first: Snapshot, poll_s: float
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    before: Snapshot | None = None
    now: Snapshot | None = first
    while now is not None:
        for event in changes(before, now):
            yield event
        if not now.open:
            return
        await asyncio.sleep(poll_s)
        try:
            before, now = now, await snapshot(client, pool, case_id)
        except (RPCError, RuntimeError) as err:
            if not is_unavailable(err):
                raise
            yield "error", {"detail": "Temporal is unavailable; reconnect to resume"}
            return
