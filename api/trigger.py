"""One trigger, whichever route takes it: register the case, start its run (or attach to the
open one), and record a new run at once."""

import logging
from datetime import UTC, datetime, timedelta

import asyncpg
from temporalio.client import Client

from api.ingestion import Started, ended_within, start_or_attach
from medallion.cases.identity import default_case_number
from medallion.cases.runs import ensure_case, record_run_opened, run_closed
from medallion.platform.settings import Settings

log = logging.getLogger("medallion.api")

# How long a trigger waits for a run whose close is recorded to end (one workflow task).
ENDING_WAIT = timedelta(seconds=10)


async def trigger_case(
    client: Client,
    pool: asyncpg.Pool,
    settings: Settings,
    case_id: str,
    case_number: str | None,
    *,
    fetch: bool,
) -> Started:
    # Registering the case first is also the check that Postgres is up: a run that could not
    # register is never started (an error now rather than 202 for a stuck run).
    await ensure_case(pool, case_id, case_number or default_case_number(case_id))
    started = await start_or_attach(client, settings, case_id, case_number, fetch=fetch)
    # Gold's transaction records a run's close a moment before the run ends: a trigger in that
    # moment (after the status said complete) is for a fresh run, as after any close.
    if (
        started.attached
        and await run_closed(pool, started.run_id)
        and await ended_within(client, case_id, started.run_id, ENDING_WAIT)
    ):
        started = await start_or_attach(client, settings, case_id, case_number, fetch=fetch)
    if not started.attached:
        await _record_start(pool, case_id, started)
    return started


async def _record_start(pool: asyncpg.Pool, case_id: str, started: Started) -> None:
    """Record the run at once, so the status route (which trusts Postgres for closed runs) never
    shows the previous, closed run while the new one waits for its first workflow task."""
    try:
        await record_run_opened(
            pool,
            case_id=case_id,
            workflow_id=started.workflow_id,
            run_id=started.run_id,
            started_at=datetime.now(UTC),
        )
    except (OSError, asyncpg.PostgresError) as err:
        # The run's first fetch records it too; the status asks Temporal meanwhile.
        log.warning(
            "run start not recorded", extra={"case_id": case_id, "error": type(err).__name__}
        )
