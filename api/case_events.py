"""A case's stage and source changes as a stream of events, until its run closes.

Each poll takes one snapshot: the live status (a workflow query) while the run is open, the
status its bookkeeping wrote to Postgres once it closed. Only changes are sent.
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
from medallion.case_queries import recorded_runs
from workflows.models import IngestionStatus


@dataclass(frozen=True)
class Snapshot:
    run_id: str
    stage: str
    open: bool
    # source -> {state, outcome, http_status}; empty while no worker answers the query.
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


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
    if description is None:
        if not runs:
            return None
        latest = runs[0]
        return Snapshot(latest.run_id, latest.stage, False, _sources(latest.outcome))
    recorded = next((r for r in runs if r.run_id == description.run_id), None)
    if is_open(description):
        try:
            live = await query_status(client, case_id)
        except (RPCError, WorkflowQueryFailedError):
            # No worker answers queries now: the stage Postgres holds, sources unknown.
            stage = recorded.stage if recorded else "fetching"
            return Snapshot(description.run_id, stage, True)
        return Snapshot(description.run_id, live.stage, True, _sources(live))
    if recorded is not None and recorded.closed_at is not None:
        return Snapshot(recorded.run_id, recorded.stage, False, _sources(recorded.outcome))
    # Closed without its bookkeeping (terminated in Temporal): Temporal's word for it.
    status = description.status.name.lower() if description.status else "closed"
    return Snapshot(description.run_id, status, False)


def changes(before: Snapshot | None, now: Snapshot) -> list[tuple[str, dict[str, Any]]]:
    """The events that take a reader from `before` to `now`: (event name, data)."""
    new_run = before is None or before.run_id != now.run_id
    stage = [("stage", {"run_id": now.run_id, "stage": now.stage})]
    sources = [
        ("source", {"run_id": now.run_id, "source": name, **state})
        for name, state in now.sources.items()
        if new_run or (before is not None and before.sources.get(name) != state)
    ]
    # A new run opens with its stage; later, sources settle before the stage they lead to.
    if new_run:
        events = stage + sources
    else:
        events = sources + (stage if before is not None and before.stage != now.stage else [])
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
