"""Time the Gold promotion of the sandbox's large case (909000: 30 tax years × 200 transactions,
2,000 WI forms, TRT lines, a full interview). Targets on a 2-core machine: Gold ≤ 0.5 s,
Silver + Gold ≤ 0.5 s (medians).

    python -m benchmarks.gold_large_case [--runs 7]

Starts a throwaway embedded Postgres, applies the migrations, stores the four payloads as the
fetch activity would, then promotes Silver and Gold `--runs` times after one warm-up run and
prints the median and best wall times.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time

import asyncpg

from benchmarks.large_case import run_on_scratch_database, store_large_case
from medallion.gold.promote import promote_gold
from medallion.silver.promote import promote_silver

# A fixed as-of date, so every run computes the same figures.
AS_OF = datetime.date(2024, 6, 30)
TARGET_GOLD_S = 0.5
TARGET_SILVER_AND_GOLD_S = 0.5


async def measure(dsn: str, runs: int) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        case_id = await store_large_case(pool)
        gold_s: list[float] = []
        both_s: list[float] = []
        async with pool.acquire() as conn:
            silver = await promote_silver(conn, case_id)  # warm-up
            gold = await promote_gold(conn, case_id, AS_OF, "bench-warm-up")
            for _ in range(runs):
                start = time.perf_counter()
                await promote_silver(conn, case_id)
                silver_done = time.perf_counter()
                await promote_gold(conn, case_id, AS_OF, f"bench-{len(gold_s)}")
                end = time.perf_counter()
                gold_s.append(end - silver_done)
                both_s.append(end - start)
    finally:
        await pool.close()

    typed, built = silver.counts, gold.counts
    print(
        f"large case {case_id}: {typed.account_activity} transactions, "
        f"{typed.income_documents} WI forms, {typed.tax_years} tax years; Gold wrote "
        f"{built.year_balances} year balances, {built.csed_by_assessment} assessment CSEDs, "
        f"{built.tax_projections} projections, {built.income_sources} income sources "
        f"({len(gold.warnings)} warnings)"
    )
    for label, timings, target in (
        ("promote_gold", gold_s, TARGET_GOLD_S),
        ("promote_silver + promote_gold", both_s, TARGET_SILVER_AND_GOLD_S),
    ):
        print(
            f"  {label}: median {statistics.median(timings) * 1000:.0f} ms, "
            f"min {min(timings) * 1000:.0f} ms over {runs} runs "
            f"(target {target * 1000:.0f} ms, "
            f"{'met' if statistics.median(timings) <= target else 'MISSED'})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    run_on_scratch_database(lambda dsn: measure(dsn, args.runs))


if __name__ == "__main__":
    main()
