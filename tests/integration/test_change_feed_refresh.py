"""A refresh schedule over sandbox cases with their revisions bumped: a client polling the
change feed with its cursor gets every change once, in order (DOMAIN §7). `make bench`'s
`python -m benchmarks.refresh_feed` runs the same over 100 cases."""

import httpx
from temporalio.worker import Worker

from benchmarks.refresh_feed import problems, refresh_and_follow
from tests.support.case_ids import fresh_case_id
from tests.support.cases import pin_canonical_profile

CASES = 20


async def test_a_refresh_schedule_yields_a_feed_read_once_and_in_order(
    api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker
) -> None:
    case_ids = [fresh_case_id() for _ in range(CASES)]
    for case_id in case_ids:
        await pin_canonical_profile(sandbox, case_id)

    result = await refresh_and_follow(api, sandbox, case_ids)

    assert problems(result) == []
    # Each refreshed case: at least its levy notice, its new assessment, its new W-2.
    assert result.changes >= 3 * CASES
    assert result.alerts >= 2 * CASES
