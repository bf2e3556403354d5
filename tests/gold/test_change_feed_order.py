"""The feed's order is the writing transactions' order as numbers, whatever their digits."""

import json

from medallion.cases.change_log import ChangeFilter, feed
from tests.gold.helpers import SilverCase, money, promote

_INSERT_CHANGE = """
INSERT INTO case_changes (build_id, case_id, run_id, previous_run_id, kind, severity, key,
                          as_of_date, written_xid)
VALUES ($1, $2, 'run-b', 'run-a', 'year_added', 'info', $3, '2024-06-30', $4::text::xid8)
RETURNING change_id
"""


async def test_the_feed_orders_transactions_by_number_not_by_text(case: SilverCase) -> None:
    await case.tax_year(2021, account_balance=money("800.00"))
    build = (await promote(case)).build_id
    # Transactions 9, 10 and 11 ended long ago: below every open one, first in the feed.
    async with case.pool.acquire() as conn:
        written = [
            await conn.fetchval(
                _INSERT_CHANGE, build, case.case_id, json.dumps({"tax_year": 2000 + x}), str(x)
            )
            for x in (11, 9, 10)
        ]
        handed_out: list[int] = []
        cursor = None
        for _ in range(3):
            page = await feed(conn, ChangeFilter(), cursor, limit=1)
            handed_out.extend(c.change_id for c in page.changes)
            cursor = page.next_cursor

    assert handed_out == [written[1], written[2], written[0]]  # transactions 9, 10, 11
