"""The Gold activity records the build under its workflow run and reports ids and counts only:
a retry of the activity (same run) after its transaction committed records nothing new."""

import dataclasses
import uuid

from temporalio.testing import ActivityEnvironment

from activities.promote import PromotionActivities
from tests.gold.helpers import SilverCase, money
from workflows.models import GoldPromotion, PromotionRequest


def _attempt(run_id: str) -> ActivityEnvironment:
    """An activity attempt of the workflow run `run_id`."""
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_run_id=run_id)
    return env


async def _promote(case: SilverCase, run_id: str) -> GoldPromotion:
    activities = PromotionActivities(case.pool)
    request = PromotionRequest(case_id=case.case_id, as_of="2024-06-30")
    result: GoldPromotion = await _attempt(run_id).run(activities.promote_gold, request)
    return result


async def test_a_retried_gold_activity_reports_its_runs_build_and_writes_no_duplicate(
    case: SilverCase,
) -> None:
    await case.tax_year(2021, account_balance=money("800.00"))
    first = await _promote(case, f"run-{uuid.uuid4()}")
    await case.tax_year(2022, account_balance=money("450.00"))
    refresh_run = f"run-{uuid.uuid4()}"
    attempt = await _promote(case, refresh_run)
    retry = await _promote(case, refresh_run)

    assert (first.alert_changes, first.info_changes) == (0, 0)
    assert (attempt.alert_changes, attempt.info_changes) == (1, 0)  # 2022 added, owing
    assert (retry.build_id, retry.alert_changes, retry.info_changes) == (
        attempt.build_id,
        1,
        0,
    )
    async with case.pool.acquire() as conn:
        runs = await conn.fetch("SELECT run_id FROM case_changes WHERE case_id = $1", case.case_id)
        builds = await conn.fetchval(
            "SELECT count(*) FROM gold_builds WHERE case_id = $1", case.case_id
        )
    assert [r["run_id"] for r in runs] == [refresh_run]
    assert builds == 2
