"""The cost of change detection (DOMAIN §7) in the Gold build of the sandbox's large case
(909000), against the whole build. Target: under 20 % of the Gold build time (medians).

    python -m benchmarks.change_detection [--runs 7]

The case is built at sandbox revision 0, then revision 1 is stored and promoted to Silver, so
each timed Gold build compares with the revision-0 build and finds that revision's postings.
Each run is rolled back, so every run compares with the same build. Change detection is timed
part by part as the promotion runs it: reading the previous build, taking the compared columns,
comparing, and writing the build and its change rows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Awaitable
from typing import Any, TypeVar

import asyncpg

from benchmarks.gold_large_case import AS_OF
from benchmarks.large_case import run_on_scratch_database, store_large_case
from medallion.gold.compared import SECTIONS, compared_of
from medallion.gold.context import GoldContext
from medallion.gold.promote import build_all, compared_rows, promote_gold, record_gold_build
from medallion.gold.reference import load_reference_data
from medallion.gold.silver_inputs import load_silver_inputs
from medallion.platform.db import Connection
from medallion.silver.promote import promote_silver

TARGET_SHARE = 0.20
T = TypeVar("T")


async def _rolled_back(conn: Connection, step: Awaitable[T]) -> tuple[float, T]:
    """Seconds `step` took to run, in a transaction then rolled back, and what it returned."""
    transaction = conn.transaction()
    await transaction.start()
    try:
        start = time.perf_counter()
        result = await step
        return time.perf_counter() - start, result
    finally:
        await transaction.rollback()


async def measure(dsn: str, runs: int) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        case_id = await store_large_case(pool, revision=0)
        async with pool.acquire() as conn:
            await promote_silver(conn, case_id)
            await promote_gold(conn, case_id, AS_OF, "bench-revision-0")
        await store_large_case(pool, revision=1)
        async with pool.acquire() as conn:
            await promote_silver(conn, case_id)
            ctx = GoldContext(
                case_id=case_id,
                as_of=AS_OF,
                reference=await load_reference_data(conn, AS_OF),
                silver=await load_silver_inputs(conn, case_id),
            )
            builds = build_all(ctx)
            compared = compared_of(compared_rows(ctx, builds))
            keys = sum(len(compared.section(name).rows) for name in SECTIONS)
            gold_s, detect_s, found = [], [], ""
            for run in range(runs + 1):  # the first is a warm-up
                gold, _ = await _rolled_back(
                    conn, promote_gold(conn, case_id, AS_OF, f"bench-{run}")
                )
                detect, found = await _rolled_back(conn, _detect(conn, ctx, builds, run))
                if run:
                    gold_s.append(gold)
                    detect_s.append(detect)
    finally:
        await pool.close()

    share = statistics.median(detect_s) / statistics.median(gold_s)
    print(
        f"change detection, large case {case_id} (revision 0 → 1): {keys} compared keys, "
        f"{found}; "
        f"median {statistics.median(detect_s) * 1000:.1f} ms of a Gold build of "
        f"{statistics.median(gold_s) * 1000:.0f} ms = {share:.1%} over {runs} runs "
        f"(target < {TARGET_SHARE:.0%}, {'met' if share < TARGET_SHARE else 'MISSED'})"
    )


async def _detect(conn: Connection, ctx: GoldContext, builds: dict[str, Any], run: int) -> str:
    """What the promotion adds to a build for §7 (read, take, compare, write); what it found."""
    counts = (await record_gold_build(conn, ctx, f"bench-detect-{run}", builds)).changes
    return f"{counts.alert} alert and {counts.info} info changes"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    run_on_scratch_database(lambda dsn: measure(dsn, args.runs))


if __name__ == "__main__":
    main()
