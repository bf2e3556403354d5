"""Driving cases through the REST API: trigger (riding out the moments the API answers 503),
read every case's status until it settles, and retry those parked in needs_attention."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import Any

import httpx

SETTLED = frozenset({"complete", "cancelled", "failed", "needs_attention"})
CLIENTS = 16


async def in_parallel(
    jobs: Iterable[Callable[[], Awaitable[None]]], clients: int = CLIENTS
) -> None:
    queue = list(jobs)
    queue.reverse()

    async def client() -> None:
        while queue:
            await queue.pop()()

    await asyncio.gather(*(client() for _ in range(clients)))


async def _post_until_accepted(
    http: httpx.AsyncClient, path: str, give_up_s: float, json: Any = None
) -> int:
    """POST until 202; a dependency that is down (503, 5xx, no answer) is waited out. Returns
    the last status code (0: no answer at all)."""
    deadline = time.monotonic() + give_up_s
    delay = 0.2
    code = 0
    while True:
        try:
            code = (await http.post(path, json=json)).status_code
        except httpx.HTTPError:
            code = 0
        if code == 202 or (400 <= code < 500 and code != 429) or time.monotonic() > deadline:
            return code
        await asyncio.sleep(delay)
        delay = min(delay * 2, 3.0)


async def trigger_spread(
    http: httpx.AsyncClient, case_ids: list[str], window_s: float, give_up_s: float
) -> dict[str, int]:
    """Trigger each case at its moment in the window; return each case's final answer code."""
    answers: dict[str, int] = {}
    start = time.monotonic()

    async def one(n: int, case_id: str) -> None:
        await asyncio.sleep(max(0.0, start + n * window_s / len(case_ids) - time.monotonic()))
        answers[case_id] = await _post_until_accepted(
            http, f"/api/cases/{case_id}/extract", give_up_s
        )

    await asyncio.gather(*(one(n, case_id) for n, case_id in enumerate(case_ids)))
    return answers


async def status_of(http: httpx.AsyncClient, case_id: str) -> dict[str, Any] | None:
    """The status report, or None while the API cannot answer (a dependency is down)."""
    try:
        answer = await http.get(f"/api/cases/{case_id}/status")
    except httpx.HTTPError:
        return None
    if answer.status_code == 404:
        return {"status": "lost"}
    if answer.status_code != 200:
        return None
    report: dict[str, Any] = answer.json()
    return report


async def settle(
    http: httpx.AsyncClient, case_ids: list[str], timeout_s: float, wanted: frozenset[str]
) -> dict[str, dict[str, Any]]:
    """Read statuses until every case's is in `wanted` or the time is up; return the last
    report of each case (`{"status": "unknown"}` when the API never answered)."""
    last: dict[str, dict[str, Any]] = {c: {"status": "unknown"} for c in case_ids}
    pending = set(case_ids)
    deadline = time.monotonic() + timeout_s

    async def read(case_id: str) -> None:
        report = await status_of(http, case_id)
        if report is not None:
            last[case_id] = report
            if report["status"] in wanted:
                pending.discard(case_id)

    while pending and time.monotonic() < deadline:
        await in_parallel(partial(read, c) for c in sorted(pending))
        if pending:
            await asyncio.sleep(1.0)
    return last


async def retry(http: httpx.AsyncClient, case_ids: list[str], give_up_s: float) -> dict[str, int]:
    answers: dict[str, int] = {}

    async def one(case_id: str) -> None:
        answers[case_id] = await _post_until_accepted(
            http, f"/api/cases/{case_id}/retry", give_up_s
        )

    await in_parallel(partial(one, c) for c in case_ids)
    return answers
