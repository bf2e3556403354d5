"""Which cases `medallion reference load … --rebuild` rebuilds: those whose Gold used a
standards version a later load replaced for their as-of date (docs/reference-data.md)."""

import datetime
from pathlib import Path

from medallion.reference.rebuild import cases_on_older_versions
from medallion.reference.standards_load import load_standards
from tests.gold import standards_files
from tests.gold.helpers import SilverCase, money, promote
from tests.support.case_ids import fresh_case_id


async def test_a_case_whose_period_was_replaced_is_rebuilt_and_an_earlier_one_is_not(
    case: SilverCase, tmp_path: Path
) -> None:
    first = datetime.date(2310, 4, 21)
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    async with case.pool.acquire() as conn:
        await load_standards(conn, [standards_files.national(tmp_path / "first", first)])
    earlier = await SilverCase.create(case.pool, fresh_case_id())
    for silver, as_of in ((case, first + datetime.timedelta(days=30)), (earlier, first)):
        await silver.snapshot(tp_house_members=2, exp_food=money("500.00"))
        await promote(silver, as_of=as_of)
    async with case.pool.acquire() as conn:
        assert case.case_id not in await cases_on_older_versions(conn)

        # A newer period starting before the first case's as-of date replaces what it used.
        newer = standards_files.national(tmp_path / "second", first + datetime.timedelta(days=7))
        await load_standards(conn, [newer])
        stale = await cases_on_older_versions(conn)

    assert case.case_id in stale
    assert earlier.case_id not in stale
