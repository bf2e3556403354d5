"""Delivery runs through the whole stack (retried then delivered; failed then re-sent) replay
against the current workflow code; kept in `tests/webhook_histories/` with RECORD_HISTORIES=1.

`tests/workflow/test_webhook_replay.py` replays every recorded one on every run.
"""

import asyncpg
import httpx
from temporalio.client import Client

from medallion.platform.settings import Settings
from tests.support.changes import record_build
from tests.support.webhook_histories import replay_and_maybe_record_webhooks
from tests.support.webhook_receiver import Answer, webhook_receiver
from tests.support.webhooks import deliver_batch, deliveries_of, subscribe
from worker import WorkerSet
from workflows.webhook_models import batch_workflow_id


async def test_delivery_runs_replay(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    converter = temporal_client.data_converter
    with webhook_receiver(Answer(500), Answer(200), *[Answer(503)] * 100) as receiver:
        delivered_to = await subscribe(api, f"{receiver.url}/first")
        retried = await record_build(pg_pool, new_case_id)
        await deliver_batch(temporal_client, settings, retried.build_id)
        await api.delete(f"/api/webhooks/{delivered_to['subscription_id']}")

        failing_to = await subscribe(api, f"{receiver.url}/second")
        failed = await record_build(pg_pool, new_case_id)
        short = settings.model_copy(update={"webhook_retry_window_s": 1.0})
        await deliver_batch(temporal_client, short, failed.build_id)
        [delivery] = await deliveries_of(api, failing_to["subscription_id"])
        assert delivery["status"] == "failed"

        receiver.script.clear()
        resent = await api.post(
            f"/api/webhooks/{failing_to['subscription_id']}/deliveries/"
            f"{delivery['delivery_id']}/resend"
        )
        resend = temporal_client.get_workflow_handle(resent.json()["workflow_id"])
        await resend.result()

    for handle, name in (
        (temporal_client.get_workflow_handle(batch_workflow_id(retried.build_id)), "retried"),
        (temporal_client.get_workflow_handle(batch_workflow_id(failed.build_id)), "failed"),
        (resend, "resent"),
    ):
        await replay_and_maybe_record_webhooks(handle, name, converter)
