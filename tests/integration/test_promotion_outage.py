"""Promotions ride out a database restart (issue 8.3): connection errors are retried for
minutes, not three times in three seconds."""

import uuid

import asyncpg
from temporalio import activity
from temporalio.client import Client
from temporalio.worker import Worker

from activities.runs import RunActivities
from medallion.gold.counts import GoldCounts
from medallion.platform.build_id import worker_build_id
from medallion.platform.settings import Settings
from medallion.silver.counts import SilverCounts
from workflows.case_ingestion import CaseIngestionWorkflow
from workflows.models import (
    GoldPromotion,
    IngestionInput,
    PromotionRequest,
    SilverPromotion,
    workflow_id_for,
)

FAILED_ATTEMPTS = 3


@activity.defn(name="promote_silver")
async def silver_while_postgres_restarts(request: PromotionRequest) -> SilverPromotion:
    if activity.info().attempt <= FAILED_ATTEMPTS:
        raise ConnectionRefusedError("connection refused")
    return SilverPromotion(counts=SilverCounts(tax_years=1))


@activity.defn(name="promote_gold")
async def gold(request: PromotionRequest) -> GoldPromotion:
    return GoldPromotion(counts=GoldCounts(employment=1))


async def test_silver_promotion_survives_a_database_restart(
    temporal_client: Client, settings: Settings, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    queue = f"promotion-outage-{uuid.uuid4()}"
    runs = RunActivities(pg_pool)
    async with Worker(
        temporal_client,
        task_queue=queue,
        workflows=[CaseIngestionWorkflow],
        build_id=worker_build_id(),
        activities=[
            runs.record_stage,
            runs.close_run,
            silver_while_postgres_restarts,
            gold,
        ],
    ):
        handle = await temporal_client.start_workflow(
            CaseIngestionWorkflow.run,
            IngestionInput(case_id=new_case_id, fetch=False),
            id=workflow_id_for(new_case_id),
            task_queue=queue,
        )
        outcome = await handle.result()
        status = await handle.query(CaseIngestionWorkflow.status)

    assert outcome.stage == status.stage == "complete"
    assert status.silver == SilverCounts(tax_years=1)
