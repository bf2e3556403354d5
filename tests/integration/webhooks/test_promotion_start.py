"""The Gold promotion hands its change batch to webhook delivery after it commits; a retried
promotion starts nothing new, and the batch arrives once."""

import dataclasses
import uuid

import asyncpg
import httpx
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import ActivityEnvironment

from activities.promote import PromotionActivities
from medallion.platform.settings import Settings
from medallion.webhooks.starts import ChangeDeliveries
from tests.support.changes import record_build
from tests.support.webhook_receiver import webhook_receiver
from tests.support.webhooks import subscribe
from worker import WorkerSet
from workflows.models import PromotionRequest
from workflows.webhook_models import WebhookBatchResult, batch_workflow_id


def _in_run(run_id: str) -> ActivityEnvironment:
    env = ActivityEnvironment()
    env.info = dataclasses.replace(env.info, workflow_run_id=run_id)
    return env


async def test_a_retried_gold_promotion_delivers_its_batch_once(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    run_id = f"run-{uuid.uuid4()}"
    promotions = PromotionActivities(
        pg_pool, ChangeDeliveries.from_settings(temporal_client, settings)
    )
    with webhook_receiver() as receiver:
        await subscribe(api, receiver.url)
        # The build this run's promotion committed, with its changes.
        build = await record_build(pg_pool, new_case_id, run_id=run_id)

        for _ in range(2):  # the promotion, then its retry
            await _in_run(run_id).run(
                promotions.promote_gold, PromotionRequest(case_id=new_case_id)
            )

        handle = temporal_client.get_workflow_handle(
            batch_workflow_id(build.build_id), result_type=WebhookBatchResult
        )
        assert len((await handle.result()).delivered) == 1
        assert len(receiver.received()) == 1


async def test_a_build_without_changes_starts_no_delivery(
    api: httpx.AsyncClient,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await subscribe(api, "http://127.0.0.1:9/hook")
    unchanged = await record_build(pg_pool, new_case_id, changes=())
    deliveries = ChangeDeliveries.from_settings(temporal_client, settings)

    assert await deliveries.start_for_run(pg_pool, new_case_id, unchanged.run_id) == []
    try:
        await temporal_client.get_workflow_handle(batch_workflow_id(unchanged.build_id)).describe()
    except RPCError as err:
        assert "not found" in str(err).lower()
    else:
        raise AssertionError("a delivery run was started for a build without changes")


async def test_without_subscriptions_no_delivery_run_is_started(
    temporal_client: Client, settings: Settings, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    build = await record_build(pg_pool, new_case_id)
    deliveries = ChangeDeliveries.from_settings(temporal_client, settings)

    assert await deliveries.start_for_run(pg_pool, new_case_id, build.run_id) == []
