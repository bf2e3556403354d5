"""Time the Silver promotion of a large case: 30 AT years × 200 transactions, 2,000 WI forms and
a full interview (target: a median of 0.5 s per promotion).

    python -m benchmarks.silver_large_case [--runs 7]

Uses DATABASE_URL when set (migrated first), else a throwaway embedded Postgres. Prints min,
median and max wall time of `promote_silver` over the runs, the first (cold) run apart, and the
same figures for its three phases timed on their own: read + JSON parse of the current payloads,
typing (`build_silver`), and write (delete + COPY + commit).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medallion.bronze import AttemptContext, ReceivedPayload, store_payload
from medallion.canonical_json import canonical_sha256
from medallion.db import Connection
from medallion.migrate import apply_migrations
from medallion.silver.build import SilverBuild, build_silver
from medallion.silver.promote import promote_silver
from medallion.silver.rules import RuleSet, load_rules
from medallion.silver.store import current_payloads, replace_case_rows

YEARS = range(1995, 2025)
TRANSACTIONS_PER_YEAR = 200
WI_FORMS = 2000
CODES = ("150", "806", "670", "276", "196", "971", "290", "610", "766", "922")
FORMS = ("W-2", "1099-NEC", "1099-INT", "1099-DIV", "1099-R", "SSA-1099", "1099-K", "W2C")


def at_payload(rng: random.Random) -> dict[str, Any]:
    records = []
    for year in YEARS:
        transactions = [
            {
                "code": rng.choice(CODES),
                "date": f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}-{year + 1}",
                "amount": f"-${rng.randint(0, 99999):,}.{rng.randint(0, 99):02d}",
                "description": "Generated transaction",
            }
            for _ in range(TRANSACTIONS_PER_YEAR)
        ]
        records.append(
            {
                "tax_year": str(year),
                "owner": "TP",
                "source_file": f"AT {year % 100:02d}.pdf",
                "filing_status": "Married Filing Jointly",
                "adjusted_gross_income": "$60,700.00",
                "account_balance": "2,360.50",
                "processing_date": "03-04-2024",
                "transactions": transactions,
            }
        )
    return {"case_id": "benchmark", "at_records": records}


def wi_payload(rng: random.Random) -> dict[str, Any]:
    years_data: dict[str, Any] = {str(year): {"forms": []} for year in YEARS}
    for n in range(WI_FORMS):
        year = YEARS[n % len(YEARS)]
        wages = f"{rng.randint(100, 99999):,}.00"
        years_data[str(year)]["forms"].append(
            {
                "Form": rng.choice(FORMS),
                "Year": str(year),
                "Income": wages,
                "Withholding": rng.randint(0, 5000),
                "Issuer": {"ID": f"XX-XXX{rng.randint(1000, 9999)}", "Name": f"EMPLOYER {n}"},
                "Recipient": {"ID": "XXX-XX-1234", "Name": "JANE Q SAMPLE"},
                "Fields": {"Wages, tips, and other compensation": f"${wages}", "Box 12": "DD"},
            }
        )
    return {"case_id": "benchmark", "years_data": years_data}


def interview_payload() -> Any:
    path = Path(__file__).resolve().parent.parent / "tests/silver/payloads/interview_example.json"
    document = json.loads(path.read_text())
    assets = document["assets"]
    assets["realProperty"] = {
        "propertyGrid": [
            {"propertyAddress": f"{n} SAMPLE RD", "currentValue": 250000, "loanBalance": 180000}
            for n in range(3)
        ]
    }
    assets["bankAccounts"]["accountsGrid"] *= 5
    document["expenses"]["otherExpenses"] *= 10
    return document


async def put(pool: asyncpg.Pool, case_id: str, source: str, document: Any) -> None:
    text = json.dumps(document)
    now = datetime.now(UTC)
    await store_payload(
        pool,
        AttemptContext(case_id, source, f"case-ingestion-{case_id}", "benchmark", 1, now),
        ReceivedPayload(
            source_system="casehelper" if source == "interview" else "tiparser",
            request_method="GET",
            request_url=f"http://benchmark.invalid/{source}/{case_id}",
            http_status=200,
            content_type="application/json",
            payload_kind="json",
            json_text=text,
            raw_text=None,
            payload_sha256=canonical_sha256(text.encode()),
            payload_bytes=len(text),
            wrapper_variant=None,
            fetched_at=now,
        ),
        outcome=None,
    )


async def seed_case(pool: asyncpg.Pool) -> str:
    rng = random.Random(20240304)
    case_id = str(rng.randint(10**11, 10**12 - 1))
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO cases (case_id, case_number) VALUES ($1, 'CASE-' || $1)", case_id
        )
    for source, document in (
        ("at", at_payload(rng)),
        ("wi", wi_payload(rng)),
        ("interview", interview_payload()),
    ):
        await put(pool, case_id, source, document)
    return case_id


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
    await apply_migrations(dsn)
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        case_id = await seed_case(pool)
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

    rows = result.tax_years + result.account_activity + result.income_documents
    print(
        f"silver promotion of {result.account_activity} transactions, "
        f"{result.income_documents} WI forms, {result.tax_years} tax years, interview "
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
    dsn = os.environ.get("DATABASE_URL")
    if dsn:
        asyncio.run(measure(dsn, args.runs))
        return
    from medallion.devstack.postgres import EmbeddedPostgres

    with tempfile.TemporaryDirectory() as scratch:
        server = EmbeddedPostgres(Path(scratch) / "data")
        try:
            asyncio.run(measure(server.start(), args.runs))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
