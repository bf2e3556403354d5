"""A refresh schedule over sandbox cases, their revisions bumped between two rounds, while a
client polls the change feed (DOMAIN §7) with its cursor: every change must reach it once, in
order. Prints what the round found and how long the client waited behind the last build.

    python -m benchmarks.refresh_feed [--cases 100]

Runs on a stack of its own (benchmarks/e2e_stack.py). The integration test
(tests/integration/test_change_feed_refresh.py) drives `refresh_and_follow` on the test stack
with fewer cases.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.e2e_stack import bench_stack

FEED_PAGE = 50
POLL_S = 0.2


@dataclass
class FeedClient:
    """A client of GET /api/changes that stores its cursor, as the docs tell one to."""

    api: httpx.AsyncClient
    cursor: str | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def read_to_the_end(self) -> None:
        while True:
            params: dict[str, Any] = {"limit": FEED_PAGE}
            if self.cursor is not None:
                params["cursor"] = self.cursor
            response = await self.api.get("/api/changes", params=params)
            response.raise_for_status()
            page = response.json()
            self.seen.extend(page["changes"])
            self.cursor = page["next_cursor"] or self.cursor
            if not page["more"]:
                return


@dataclass(frozen=True)
class RefreshResult:
    cases: int
    changes: int
    alerts: int
    refresh_s: float
    # From the last case's build committed to the client having read every change.
    caught_up_s: float
    feed: list[dict[str, Any]]
    logs: dict[str, list[dict[str, Any]]]


async def refresh_and_follow(
    api: httpx.AsyncClient, sandbox: httpx.AsyncClient, case_ids: list[str]
) -> RefreshResult:
    """First round (first builds), bump every revision, second round while the feed is
    polled; then the client reads to the end. The schedule is deleted at the end."""
    name = f"refresh-{uuid.uuid4().hex[:12]}"
    created = await api.post(
        "/api/schedules", json={"name": name, "case_ids": case_ids, "every_s": 3600}
    )
    created.raise_for_status()
    client = FeedClient(api)
    try:
        first = await _round(api, name, case_ids, {})
        await client.read_to_the_end()  # what was there before: not this round's
        before = len(client.seen)
        for case_id in case_ids:
            (await sandbox.post(f"/_sandbox/cases/{case_id}/revision")).raise_for_status()
        start = time.monotonic()
        second = asyncio.create_task(_round(api, name, case_ids, first))
        while not second.done():
            await client.read_to_the_end()
            await asyncio.sleep(POLL_S)
        await second
        refreshed = time.monotonic()
        logs = {case_id: await _case_log(api, case_id) for case_id in case_ids}
        expected = sum(len(log) for log in logs.values())
        while len([c for c in client.seen[before:] if c["case_id"] in logs]) < expected:
            await client.read_to_the_end()
            await asyncio.sleep(POLL_S)
        caught_up = time.monotonic()
    finally:
        await api.delete(f"/api/schedules/{name}")
    mine = [c for c in client.seen if c["case_id"] in logs]
    return RefreshResult(
        cases=len(case_ids),
        changes=len(mine),
        alerts=sum(c["severity"] == "alert" for c in mine),
        refresh_s=refreshed - start,
        caught_up_s=caught_up - refreshed,
        feed=client.seen,
        logs=logs,
    )


async def _round(
    api: httpx.AsyncClient, name: str, case_ids: list[str], previous: dict[str, str]
) -> dict[str, str]:
    """Trigger the schedule; wait until every case has a complete run newer than `previous`."""
    (await api.post(f"/api/schedules/{name}/trigger")).raise_for_status()
    runs = await asyncio.gather(*(_completed(api, c, previous.get(c)) for c in case_ids))
    return dict(zip(case_ids, runs, strict=True))


async def _completed(api: httpx.AsyncClient, case_id: str, previous_run: str | None) -> str:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        report = (await api.get(f"/api/cases/{case_id}/status")).json()
        run_id = (report.get("workflow") or {}).get("run_id")
        if run_id and run_id != previous_run and report.get("status") == "complete":
            return str(run_id)
        await asyncio.sleep(1)
    raise TimeoutError(f"case {case_id} did not complete a refreshed run within 600 s")


async def _case_log(api: httpx.AsyncClient, case_id: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 500}
    while True:
        page = (await api.get(f"/api/cases/{case_id}/changes", params=params)).json()
        changes.extend(page["changes"])
        if page["next_cursor"] is None:
            return changes
        params["cursor"] = page["next_cursor"]


def problems(result: RefreshResult) -> list[str]:
    """What breaks the feed's promise: a change missed or seen twice, or out of order."""
    found = []
    ids = [c["change_id"] for c in result.feed]
    if len(ids) != len(set(ids)):
        found.append("a change was handed out twice")
    for case_id, log in result.logs.items():
        fed = [c["change_id"] for c in result.feed if c["case_id"] == case_id]
        if sorted(fed) != sorted(c["change_id"] for c in log):
            found.append(f"case {case_id}: the feed and the case's log differ")
        if fed != sorted(fed):
            found.append(f"case {case_id}: its changes came out of order")
        if not any(c["kind"] == "collection_action_added" for c in log):
            found.append(f"case {case_id}: the refresh recorded no levy notice")
    return found


async def _drive(api_url: str, sandbox_url: str, cases: int) -> RefreshResult:
    case_ids = [str(930_000 + i) for i in range(cases)]
    async with (
        httpx.AsyncClient(base_url=api_url, timeout=30) as api,
        httpx.AsyncClient(base_url=sandbox_url, timeout=30) as sandbox,
    ):
        deadline = time.monotonic() + 60
        while (await api.get("/api/health")).status_code != 200:
            if time.monotonic() > deadline:
                raise TimeoutError("the stack did not become healthy within 60 s")
            await asyncio.sleep(0.5)
        return await refresh_and_follow(api, sandbox, case_ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as scratch,
        bench_stack(Path(scratch) / "stack", noop_worker=False) as stack,
    ):
        result = asyncio.run(_drive(stack.api_url, stack.sandbox_url, args.cases))
    found = problems(result)
    print(
        f"refresh of {result.cases} cases (revision bumped): {result.changes} changes "
        f"({result.alerts} alerts) read from the feed in {result.refresh_s:.1f} s of refresh; "
        f"the client had them all {result.caught_up_s:.2f} s after the last build; "
        + ("every change once, in order" if not found else "; ".join(found))
    )
    if found:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
