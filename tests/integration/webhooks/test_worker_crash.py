"""A worker killed (SIGKILL) after a receiver took a delivery and before the delivery was
recorded: another worker sends it again, with the same webhook id and body."""

import asyncio
import dataclasses
from pathlib import Path

import asyncpg
import httpx
from temporalio.client import Client

from medallion.platform.settings import Settings
from medallion.webhooks.starts import schedule_from, start_change_deliveries
from tests.support.changes import record_build
from tests.support.polling import eventually
from tests.support.webhook_receiver import Answer, webhook_receiver
from tests.support.webhooks import deliveries_of, subscribe
from tests.support.worker_process import worker_process
from workflows.webhook_models import WebhookBatchResult, batch_workflow_id

# Long enough to kill the worker while the receiver holds the first request.
ATTEMPT_TIMEOUT_S = 4.0


async def test_a_worker_killed_between_send_and_record_repeats_the_same_delivery(
    api: httpx.AsyncClient,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    held = Answer(200, delay_s=ATTEMPT_TIMEOUT_S + 2)
    with webhook_receiver(held) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)
        doomed = worker_process(settings, tmp_path, "doomed").start()
        try:
            await start_change_deliveries(
                temporal_client,
                build.build_id,
                task_queue=settings.temporal_task_queue,
                schedule=dataclasses.replace(schedule_from(settings), timeout_s=ATTEMPT_TIMEOUT_S),
            )
            await eventually(
                lambda: asyncio.sleep(0, len(receiver.received())), lambda n: n == 1, every_s=0.05
            )
        finally:
            doomed.kill()
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["attempts"]) == ("pending", 0)  # sent, not recorded

        survivor = worker_process(settings, tmp_path, "survivor").start()
        try:
            handle = temporal_client.get_workflow_handle(
                batch_workflow_id(build.build_id), result_type=WebhookBatchResult
            )
            assert len((await handle.result()).delivered) == 1
        finally:
            survivor.stop(timeout_s=40)

        first, repeat = receiver.received()
        assert repeat.webhook_id == first.webhook_id
        assert repeat.body == first.body
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["attempts"]) == ("delivered", 1)
