"""The work of sandbox cases without Temporal: each case's activities (register the run, fetch
its four sources into Bronze, promote Silver, then Gold) called in this one process, as the
worker builds them and with its settings, a number of cases at a time.

What a case costs here (this process, Postgres, the sandbox) is what no orchestration can take
away; `benchmarks.end_to_end` sets it beside the no-op ceiling's cost per workflow.

    python -m benchmarks.activities_alone --first-case-id 6000000 --cases 300

Reads the worker's environment (DATABASE_URL, SANDBOX_URL, ...) and logs as it does; prints its
own CPU seconds.
"""

import argparse
import asyncio
import dataclasses
import time

import uvloop
from temporalio.testing import ActivityEnvironment

from activities.fetch import FetchActivities
from activities.promote import PromotionActivities
from medallion.cases.identity import default_case_number
from medallion.platform.db import create_pool
from medallion.platform.logs import configure_logging
from medallion.platform.settings import load_settings
from medallion.sources.names import SOURCES
from worker import source_clients
from workflows.models import FetchRequest, PromotionRequest, RunRecord

# Cases at a time: with four fetches each, about what the worker's slots let run at once.
CONCURRENT_CASES = 20


async def run_cases(case_ids: list[str]) -> None:
    settings = load_settings()
    pool = await create_pool(settings.require_database_url(), max_size=settings.database_pool_size)
    try:
        async with source_clients(settings) as (tiparser, casehelper):
            fetch = FetchActivities(pool, tiparser, casehelper)
            promotion = PromotionActivities(pool)
            slots = asyncio.Semaphore(CONCURRENT_CASES)

            async def one_case(case_id: str) -> None:
                # Each case its own run, as the worker's activities see theirs.
                env = ActivityEnvironment()
                env.info = dataclasses.replace(
                    env.info, workflow_id=f"alone-{case_id}", workflow_run_id=f"alone-{case_id}"
                )
                async with slots:
                    # The first fetch registers the run, as in the workflow. A source a case lacks
                    # fails its fetch, as in the workflow; the rest go on.
                    record = RunRecord(case_id=case_id, case_number=default_case_number(case_id))
                    await asyncio.gather(
                        *(
                            env.run(
                                fetch.fetch_source,
                                FetchRequest(
                                    case_id=case_id,
                                    source=s,
                                    registers=record if s == SOURCES[0] else None,
                                ),
                            )
                            for s in SOURCES
                        ),
                        return_exceptions=True,
                    )
                    request = PromotionRequest(case_id=case_id)
                    await env.run(promotion.promote_silver, request)
                    await env.run(promotion.promote_gold, request)

            await asyncio.gather(*(one_case(c) for c in case_ids))
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--first-case-id", type=int, required=True)
    parser.add_argument("--cases", type=int, required=True)
    args = parser.parse_args()
    # Logging as the worker's: its lines cost CPU too.
    configure_logging(load_settings().log_format)
    ids = [str(args.first_case_id + i) for i in range(args.cases)]
    start = time.process_time()
    uvloop.run(run_cases(ids))
    print(f"cpu_s {time.process_time() - start:.3f}")


if __name__ == "__main__":
    main()
