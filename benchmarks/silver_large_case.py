"""Time the Silver promotion of the sandbox's large case: 30 AT years × 200 transactions, 2,000
WI forms, TRT lines and a full interview (target: a median of 0.5 s per promotion).

    python -m benchmarks.silver_large_case [--runs 7]

Uses DATABASE_URL when set (migrated first), else a throwaway embedded Postgres. Prints min,
median and max wall time of `promote_silver` over the runs, the first (cold) run apart, and the
same figures for its three phases timed on their own: read + JSON parse of the current payloads,
typing (`build_silver`), and write (delete + COPY + commit).
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

import asyncpg

from benchmarks.large_case import run_on_scratch_database, store_large_case
from medallion.platform.db import Connection
from medallion.silver.build import SilverBuild, build_silver
from medallion.silver.promote import promote_silver
from medallion.silver.rules import RuleSet, load_rules
from medallion.silver.store import current_payloads, replace_case_rows


class Timings:
    """Wall times of one measured step, in milliseconds."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.samples: list[float] = []

    def add(self, start: float) -> None:
        self.samples.append((time.perf_counter() - start) * 1000)

    def line(self) -> str:
        low, mid, high = min(self.samples), statistics.median(self.samples), max(self.samples)
        return f"  {self.label:<16} min {low:4.0f} ms   median {mid:4.0f} ms   max {high:4.0f} ms"


async def time_phases(
    conn: Connection, case_id: str, rules: RuleSet, runs: int
) -> tuple[Timings, Timings, Timings]:
    """The three phases of a promotion, each timed on its own as promote_silver runs them."""
    read, typing, write = Timings("read + parse"), Timings("typing"), Timings("write")
    max_year = datetime.now(UTC).year + 1
    for _ in range(runs):
        start = time.perf_counter()
        payloads = await current_payloads(conn, case_id)
        read.add(start)
        start = time.perf_counter()
        build: SilverBuild = build_silver(payloads, rules, max_year=max_year)
        typing.add(start)
        start = time.perf_counter()
        async with conn.transaction():
            await replace_case_rows(conn, case_id, rules.version, build)
        write.add(start)
    return read, typing, write


async def measure(dsn: str, runs: int) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        case_id = await store_large_case(pool)
        async with pool.acquire() as conn:
            start = time.perf_counter()
            result = await promote_silver(conn, case_id)
            first_ms = (time.perf_counter() - start) * 1000
            promotions = Timings("promote_silver")
            for _ in range(runs):
                start = time.perf_counter()
                await promote_silver(conn, case_id)
                promotions.add(start)
            phases = await time_phases(conn, case_id, await load_rules(conn), runs)
    finally:
        await pool.close()

    counts = result.counts
    rows = counts.tax_years + counts.account_activity + counts.income_documents
    print(
        f"silver promotion of {counts.account_activity} transactions, "
        f"{counts.income_documents} WI forms, {counts.tax_years} tax years, interview "
        f"({rows} main rows, {len(result.warnings)} warnings); {runs} runs each"
    )
    verdict = "met" if statistics.median(promotions.samples) <= 500 else "MISSED"
    print(f"{promotions.line()}   (target: median <= 500 ms, {verdict})")
    print(f"  {'first run':<16} {first_ms:4.0f} ms (cold parser caches and statement plans)")
    print("  phases, each timed on its own:")
    for phase in phases:
        print("  " + phase.line())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per step (at least 7)")
    args = parser.parse_args()
    if args.runs < 7:
        parser.error("--runs must be at least 7")
    run_on_scratch_database(lambda dsn: measure(dsn, args.runs))


if __name__ == "__main__":
    main()
