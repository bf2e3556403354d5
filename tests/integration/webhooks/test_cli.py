"""`medallion webhooks …` against the test stack: what it prints and its exit codes."""

import json

import asyncpg
from temporalio.client import Client

from medallion.devstack.processes import free_port
from medallion.platform.settings import Settings
from tests.support.changes import record_build
from tests.support.cli import run_cli
from tests.support.webhook_receiver import Answer, webhook_receiver
from tests.support.webhooks import deliver_batch
from worker import WorkerSet


async def test_add_list_deliveries_resend_remove(
    api_url: str,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver(Answer(410)) as receiver:
        added = await run_cli(api_url, "webhooks", "add", receiver.url, "--severity", "alert",
                              "--json")  # fmt: skip
        assert added.code == 0, added.err
        created = json.loads(added.out)
        sub_id = str(created["subscription_id"])
        assert created["secret"].startswith("whsec_")

        listed = await run_cli(api_url, "webhooks", "list")
        assert listed.code == 0 and receiver.url in listed.out and "enabled" in listed.out

        build = await record_build(pg_pool, new_case_id)
        await deliver_batch(temporal_client, settings, build.build_id)
        shown = await run_cli(api_url, "webhooks", "deliveries", sub_id, "--json")
        [delivery] = json.loads(shown.out)
        assert (delivery["status"], delivery["last_status_code"]) == ("failed", 410)
        listed = await run_cli(api_url, "webhooks", "list")
        assert "disabled: the receiver answered 410 Gone" in listed.out

        # Disabled by its receiver: a re-send is refused as bad input.
        refused = await run_cli(api_url, "webhooks", "resend", sub_id,
                                str(delivery["delivery_id"]))  # fmt: skip
        assert refused.code == 2 and "disabled" in refused.err

        removed = await run_cli(api_url, "webhooks", "remove", sub_id)
        assert removed.code == 0
        again = await run_cli(api_url, "webhooks", "remove", sub_id)
        assert again.code == 2 and "no webhook subscription" in again.err


async def test_a_refused_url_exits_2_and_an_unreachable_api_exits_3(api_url: str) -> None:
    refused = await run_cli(api_url, "webhooks", "add", "ftp://hooks.example.com/x")
    assert refused.code == 2 and "http or https" in refused.err

    down = await run_cli(f"http://127.0.0.1:{free_port()}", "webhooks", "list")
    assert down.code == 3 and "cannot reach the API" in down.err
