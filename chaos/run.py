"""One chaos run against a stack of its own, then a fault-free pass of the same cases on a
fresh database of the same stack, and the findings of both."""

import asyncio
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from benchmarks.e2e_stack import BenchStack, bench_stack
from chaos import cases, checks
from chaos.disrupt import Disrupter, Done
from chaos.plan import SOURCE_TIMEOUT_S, CaseFault, Plan
from chaos.reasons import reason_is_true, reason_label
from medallion.platform.migrate import apply_migrations
from sandbox.admin_client import SandboxAdmin
from sandbox.app import CASEHELPER_PREFIX, TIPARSER_PREFIX

# Beyond the plan's own downtime: a trigger met by an outage retries for this long after it.
TRIGGER_GIVE_UP_S = 180
BASELINE_DATABASE = "chaos_baseline"


def settle_timeout_s(case_count: int, downtime_s: float = 0.0) -> float:
    """Bounded: a case still running after this is wedged."""
    return 240 + downtime_s + case_count * 0.6


def _stack_env() -> dict[str, str]:
    timeout = str(SOURCE_TIMEOUT_S)
    return {"TIPARSER_TIMEOUT_S": timeout, "CASEHELPER_TIMEOUT_S": timeout}


def _odd_body_path(fault: CaseFault) -> str:
    if fault.source == "interview":
        return f"{CASEHELPER_PREFIX}/api/cases/{fault.case_id}/interview"
    return f"{TIPARSER_PREFIX}/analysis/{fault.source}/{fault.case_id}"


async def _wait_ready(http: httpx.AsyncClient, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if (await http.get("/api/health")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the API was not ready within {timeout_s:.0f} s")
        await asyncio.sleep(0.3)


def _database_url(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


async def _switch_database(stack: BenchStack, http: httpx.AsyncClient) -> str:
    """Point the worker and the API at a fresh, migrated database."""
    conn = await asyncpg.connect(stack.database_url)
    try:
        await conn.execute(f"CREATE DATABASE {BASELINE_DATABASE}")
    finally:
        await conn.close()
    url = _database_url(stack.database_url, BASELINE_DATABASE)
    await apply_migrations(url)
    for name in ("worker", "api"):
        await asyncio.to_thread(stack.processes[name].stop, 40)
        stack.set_env(name, DATABASE_URL=url)
        await asyncio.to_thread(stack.restart, name)
    await _wait_ready(http)
    return url


async def _chaos_pass(
    stack: BenchStack, plan: Plan, http: httpx.AsyncClient, sandbox_http: httpx.AsyncClient
) -> dict[str, Any]:
    sandbox = SandboxAdmin(stack.sandbox_url, sandbox_http)
    for fault in plan.faults:
        (await sandbox_http.post("/_sandbox/faults", json=fault.spec())).raise_for_status()
    sent = {
        (f.case_id, f.source): (await sandbox_http.get(_odd_body_path(f))).content
        for f in plan.odd_bodies()
    }
    start = time.monotonic()
    disrupter = Disrupter(stack, sandbox, start)
    settled = asyncio.Event()
    watcher = asyncio.create_task(disrupter.watch(settled))
    try:
        answers, _ = await asyncio.gather(
            cases.trigger_spread(
                http, plan.case_ids, plan.trigger_window_s, TRIGGER_GIVE_UP_S + plan.downtime_s
            ),
            disrupter.run(plan.disruptions),
        )
        triggered = [c for c in plan.case_ids if answers[c] == 202]
        first = await cases.settle(
            http, triggered, settle_timeout_s(len(triggered), plan.downtime_s), cases.SETTLED
        )
    finally:
        settled.set()
        await watcher
    settled_after_s = time.monotonic() - start

    odd_by_case = {f.case_id: f for f in plan.odd_bodies()}
    parked = [c for c in triggered if first[c]["status"] == "needs_attention"]
    untrue = {
        c: {k: first[c].get(k) for k in ("message", "stage", "bronze")}
        for c in parked
        if not reason_is_true(first[c], odd_by_case.get(c))
    }
    # Faults cleared, the parked cases are retried: each then runs to complete, so that every
    # case can be compared with the fault-free pass.
    await sandbox.clear_faults()
    retried = await cases.retry(http, parked, TRIGGER_GIVE_UP_S)
    final = await cases.settle(
        http, triggered, settle_timeout_s(len(parked)), cases.SETTLED - {"needs_attention"}
    )

    conn = await asyncpg.connect(stack.database_url)
    try:
        duplicated = await checks.duplicated(conn, triggered)
        odd_lost = [
            f"{case_id}/{source}"
            for (case_id, source), body in sent.items()
            if answers[case_id] == 202
            and body not in await checks.kept_bodies(conn, case_id, source)
        ]
        counts = await checks.layer_counts(conn, triggered)
    finally:
        await conn.close()
    return {
        "trigger_answers": dict(Counter(str(code) for code in answers.values())),
        "triggered": triggered,
        "disruptions": [_done_json(d) for d in disrupter.done],
        "died_on_their_own": [{"at_s": at, "part": part} for at, part in disrupter.fell],
        "settled_after_s": round(settled_after_s, 1),
        "first_statuses": dict(Counter(r["status"] for r in first.values())),
        "needs_attention_reasons": dict(Counter(reason_label(first[c]) for c in parked)),
        "untrue_reasons": untrue,
        "lost": [c for c in triggered if first[c]["status"] in ("lost", "not_started")],
        "wedged": [c for c in triggered if first[c]["status"] in ("in_progress", "unknown")],
        "retry_answers": dict(Counter(str(code) for code in retried.values())),
        "final_statuses": dict(Counter(r["status"] for r in final.values())),
        "not_complete_after_retry": sorted(
            c for c in triggered if final[c]["status"] != "complete"
        ),
        "duplicated": duplicated,
        "odd_bodies_sent": len(sent),
        "odd_bodies_not_kept": odd_lost,
        "counts": counts,
    }


def _done_json(done: Done) -> dict[str, Any]:
    return {
        **asdict(done.disruption),
        "began_s": round(done.at_s, 1),
        "back_after_s": round(done.back_after_s, 1),
    }


async def _baseline_pass(
    stack: BenchStack, case_ids: list[str], http: httpx.AsyncClient
) -> dict[str, Any]:
    url = await _switch_database(stack, http)
    start = time.monotonic()
    answers = await cases.trigger_spread(http, case_ids, 0.0, TRIGGER_GIVE_UP_S)
    final = await cases.settle(
        http, case_ids, settle_timeout_s(len(case_ids)), cases.SETTLED - {"needs_attention"}
    )
    conn = await asyncpg.connect(url)
    try:
        counts = await checks.layer_counts(conn, case_ids)
    finally:
        await conn.close()
    return {
        "seconds": round(time.monotonic() - start, 1),
        "trigger_answers": dict(Counter(str(code) for code in answers.values())),
        "final_statuses": dict(Counter(r["status"] for r in final.values())),
        "counts": counts,
    }


async def _drive(stack: BenchStack, plan: Plan) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=cases.CLIENTS * 2)
    async with (
        httpx.AsyncClient(base_url=stack.api_url, timeout=30, limits=limits) as http,
        httpx.AsyncClient(base_url=stack.sandbox_url, timeout=30) as sandbox_http,
    ):
        await _wait_ready(http)
        began = time.monotonic()
        chaos = await _chaos_pass(stack, plan, http, sandbox_http)
        chaos["seconds"] = round(time.monotonic() - began, 1)
        baseline = await _baseline_pass(stack, chaos["triggered"], http)
    chaos["count_differences"] = checks.count_differences(chaos["counts"], baseline["counts"])
    return {"chaos": chaos, "baseline": baseline}


def run_chaos(plan: Plan, data_dir: Path) -> dict[str, Any]:
    """Start a stack in `data_dir`, run the plan and the fault-free pass, stop everything."""
    began = time.monotonic()
    with bench_stack(data_dir, noop_worker=False, env=_stack_env()) as stack:
        up_after_s = time.monotonic() - began
        found = asyncio.run(_drive(stack, plan))
    found["stack_seconds"] = {
        "up_after": round(up_after_s, 1),
        "total_with_stop": round(time.monotonic() - began, 1),
    }
    found["plan"] = {
        "seed": plan.seed,
        "cases": len(plan.case_ids),
        "trigger_window_s": plan.trigger_window_s,
        "faults": dict(Counter(f.label for f in plan.faults)),
    }
    return found
