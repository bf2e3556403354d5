"""A promotion records its layer's stage for the case list when the run asks it to (runs with
the `stage-recorded-by-promotion` patch), before its own transaction, and never moves it back."""

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from temporalio.testing import ActivityEnvironment

from activities.promote import PromotionActivities
from medallion.cases.runs import record_run_started
from workflows.models import PromotionRequest, Stage

STARTED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _open_run(pool: asyncpg.Pool, case_id: str) -> str:
    run_id = f"run-{uuid.uuid4()}"
    async with pool.acquire() as conn:
        await record_run_started(
            conn,
            case_id=case_id,
            case_number=f"CASE-{case_id}",
            workflow_id=f"case-{case_id}",
            run_id=run_id,
            started_at=STARTED,
        )
    return run_id


def _environment(run_id: str) -> ActivityEnvironment:
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_run_id=run_id)
    return env


async def _stage(pool: asyncpg.Pool, run_id: str) -> tuple[str, datetime]:
    row = await pool.fetchrow(
        "SELECT stage, updated_at FROM ingestion_runs WHERE run_id = $1", run_id
    )
    assert row is not None
    return row["stage"], row["updated_at"]


@pytest.mark.parametrize("stage", [Stage.SILVER, Stage.GOLD])
async def test_a_promotion_records_its_stage_when_the_run_asks(
    pg_pool: asyncpg.Pool, new_case_id: str, stage: Stage
) -> None:
    run_id = await _open_run(pg_pool, new_case_id)
    promotions = PromotionActivities(pg_pool)
    promote = promotions.promote_silver if stage == Stage.SILVER else promotions.promote_gold
    entered = STARTED + timedelta(seconds=1)

    await _environment(run_id).run(
        promote, PromotionRequest(case_id=new_case_id, stage_at=entered.isoformat())
    )

    assert await _stage(pg_pool, run_id) == (stage, entered)


async def test_a_promotion_leaves_the_stage_to_runs_that_record_it_themselves(
    pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    run_id = await _open_run(pg_pool, new_case_id)

    await _environment(run_id).run(
        PromotionActivities(pg_pool).promote_silver, PromotionRequest(case_id=new_case_id)
    )

    assert await _stage(pg_pool, run_id) == (Stage.FETCHING, STARTED)


async def test_a_late_retry_of_silver_does_not_move_the_stage_back_from_gold(
    pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    run_id = await _open_run(pg_pool, new_case_id)
    promotions, env = PromotionActivities(pg_pool), _environment(run_id)
    silver_at, gold_at = STARTED + timedelta(seconds=1), STARTED + timedelta(seconds=2)
    await env.run(
        promotions.promote_gold, PromotionRequest(case_id=new_case_id, stage_at=gold_at.isoformat())
    )

    await env.run(
        promotions.promote_silver,
        PromotionRequest(case_id=new_case_id, stage_at=silver_at.isoformat()),
    )

    assert await _stage(pg_pool, run_id) == (Stage.GOLD, gold_at)
