"""Change batches delivered to real receivers on loopback by the real worker (DOMAIN §7)."""

import json

import asyncpg
import httpx
from temporalio.client import Client

from medallion.devstack.processes import free_port
from medallion.platform.settings import Settings
from tests.support.changes import SAMPLE_CHANGES, record_build
from tests.support.history import decoded, payloads_in
from tests.support.webhook_receiver import Answer, webhook_receiver
from tests.support.webhooks import deliver_batch, deliveries_of, subscribe
from worker import WorkerSet, build_worker, source_clients
from workflows.webhook_models import batch_workflow_id


async def test_each_matching_subscription_gets_the_batch_once_signed(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver() as receiver:
        every = await subscribe(api, f"{receiver.url}/every")
        alerts = await subscribe(api, f"{receiver.url}/alerts", severities=["alert"])
        await subscribe(api, f"{receiver.url}/liens", kinds=["lien_changed"])
        build = await record_build(pg_pool, new_case_id)

        result = await deliver_batch(temporal_client, settings, build.build_id)

        assert len(result.delivered) == 2 and result.not_delivered == []
        assert receiver.received("/liens") == []  # no change of the batch is of its kind
        [to_every] = receiver.received("/every")
        [to_alerts] = receiver.received("/alerts")
        assert to_every.webhook_id != to_alerts.webhook_id
        whole = to_every.verified(every["secret"])
        assert whole["type"] == "case.changes"
        assert whole["data"]["build_id"] == build.build_id
        assert whole["data"]["case_id"] == new_case_id
        assert [c["kind"] for c in whole["data"]["changes"]] == [c.kind for c in SAMPLE_CHANGES]
        assert whole["data"]["changes"][1]["before"] == SAMPLE_CHANGES[1].before
        assert whole["data"]["changes"][1]["after"] == SAMPLE_CHANGES[1].after
        only_alerts = to_alerts.verified(alerts["secret"])
        assert [c["severity"] for c in only_alerts["data"]["changes"]] == ["alert"]
        assert (only_alerts["data"]["alert_changes"], only_alerts["data"]["info_changes"]) == (1, 0)

        [record] = await deliveries_of(api, every["subscription_id"])
        assert record["status"] == "delivered" and record["attempts"] == 1
        assert record["webhook_id"] == to_every.webhook_id
        assert record["last_status_code"] == 200

        # A second start of the same batch (a retried promotion) sends nothing.
        again = await deliver_batch(temporal_client, settings, build.build_id)
        assert again == result
        assert len(receiver.received()) == 2


async def test_a_failing_receiver_is_retried_until_it_recovers_with_one_id_and_body(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver(Answer(500), Answer(503), Answer(302), Answer(200)) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)

        result = await deliver_batch(temporal_client, settings, build.build_id)

        attempts = receiver.received()
        assert len(result.delivered) == 1
        assert len(attempts) == 4
        assert {a.webhook_id for a in attempts} == {attempts[0].webhook_id}
        assert {a.body for a in attempts} == {attempts[0].body}
        for attempt in attempts:
            attempt.verified(sub["secret"])
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["attempts"], record["last_error"]) == (
            "delivered",
            4,
            None,
        )


async def test_a_receiver_slower_than_the_timeout_is_retried(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    slow = Answer(200, delay_s=settings.webhook_timeout_s + 1)
    with webhook_receiver(slow) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)

        result = await deliver_batch(temporal_client, settings, build.build_id)

        assert len(result.delivered) == 1
        first, second = receiver.received()
        assert (first.webhook_id, first.body) == (second.webhook_id, second.body)
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["attempts"]) == ("delivered", 2)


async def test_410_gone_disables_the_subscription_with_a_reason(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver(Answer(410)) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)

        result = await deliver_batch(temporal_client, settings, build.build_id)

        assert result.not_delivered and not result.delivered
        assert len(receiver.received()) == 1  # never retried
        [listed] = (await api.get("/api/webhooks")).json()
        assert listed["enabled"] is False
        assert "410 Gone" in listed["disabled_reason"]
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["last_status_code"]) == ("failed", 410)

        later = await record_build(pg_pool, new_case_id)
        assert (await deliver_batch(temporal_client, settings, later.build_id)).delivered == []
        assert len(receiver.received()) == 1


async def test_a_delivery_failed_after_its_window_is_listed_and_resent_unchanged(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    down = [Answer(503)] * 200  # more than the window lets it try
    with webhook_receiver(*down) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)
        failing = settings.model_copy(update={"webhook_retry_window_s": 2.0})

        result = await deliver_batch(temporal_client, failing, build.build_id)

        assert result.not_delivered and not result.delivered
        tried = len(receiver.received())
        assert tried >= 2
        failed = await api.get(f"/api/webhooks/{sub['subscription_id']}/deliveries?status=failed")
        [record] = failed.json()
        assert (record["status"], record["attempts"]) == ("failed", tried)
        assert record["last_error"] == "the receiver answered 503"

        receiver.script.clear()  # the receiver is back
        resent = await api.post(
            f"/api/webhooks/{sub['subscription_id']}/deliveries/{record['delivery_id']}/resend"
        )
        assert resent.status_code == 202, resent.text
        handle = temporal_client.get_workflow_handle(resent.json()["workflow_id"])
        await handle.result()

        last = receiver.received()[-1]
        assert (last.webhook_id, last.body) == (
            receiver.received()[0].webhook_id,
            receiver.received()[0].body,
        )
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert (record["status"], record["resends"]) == ("delivered", 1)


async def test_a_delivery_to_a_private_address_is_refused_at_send_time(
    api: httpx.AsyncClient,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    """The subscription was accepted while the check was off (or DNS answered otherwise)."""
    blocking = settings.model_copy(
        update={"medallion_webhook_block_private": True, "webhook_retry_window_s": 1.0}
    )
    with webhook_receiver() as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)
        async with (
            source_clients(blocking) as (tiparser, casehelper),
            build_worker(temporal_client, blocking, pg_pool, tiparser, casehelper),
        ):
            result = await deliver_batch(temporal_client, blocking, build.build_id)

        assert result.not_delivered
        assert receiver.received() == []
        [record] = await deliveries_of(api, sub["subscription_id"])
        assert record["status"] == "failed"
        assert "loopback, private or link-local" in record["last_error"]


async def test_webhook_bodies_hold_only_change_data(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver() as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id, client_name="Jane Q Taxpayer")

        await deliver_batch(temporal_client, settings, build.build_id)

        [delivery] = receiver.received()
        text = delivery.body.decode()
        assert "Jane" not in text and "Taxpayer" not in text
        body = json.loads(text)
        assert set(body) == {"type", "timestamp", "data"}
        assert set(body["data"]) == {
            "build_id", "previous_build_id", "case_id", "run_id", "as_of_date",
            "alert_changes", "info_changes", "changes",
        }  # fmt: skip
        for change in body["data"]["changes"]:
            assert set(change) == {
                "change_id", "kind", "severity", "tax_year", "key", "before", "after",
                "previous_run_id", "detected_at",
            }  # fmt: skip
        sealed = await pg_pool.fetchval(
            "SELECT secret_sealed FROM webhook_subscriptions WHERE subscription_id = $1",
            sub["subscription_id"],
        )
        secret_bytes = sub["secret"].removeprefix("whsec_").encode()
        assert secret_bytes not in sealed and b"whsec_" not in sealed


async def test_the_delivery_history_holds_neither_the_secret_nor_the_body(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    with webhook_receiver(Answer(500)) as receiver:
        sub = await subscribe(api, receiver.url)
        build = await record_build(pg_pool, new_case_id)
        await deliver_batch(temporal_client, settings, build.build_id)

    history = await temporal_client.get_workflow_handle(
        batch_workflow_id(build.build_id)
    ).fetch_history()
    codec = temporal_client.data_converter.payload_codec
    assert codec is not None
    tree = await decoded(history.to_json_dict(), codec)
    clear = json.dumps(tree).encode() + b"".join(p.data for p in payloads_in(tree))
    assert b"the receiver answered 500" in clear  # the failure is there, decoded
    assert sub["secret"].encode() not in clear
    assert sub["secret"].removeprefix("whsec_").encode() not in clear
    assert b"payoff_balance" not in clear and receiver.url.encode() not in clear


async def test_a_receiver_that_is_down_fails_the_delivery_after_its_window(
    api: httpx.AsyncClient,
    worker: WorkerSet,
    temporal_client: Client,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    sub = await subscribe(api, f"http://127.0.0.1:{free_port()}/nobody-listens")
    build = await record_build(pg_pool, new_case_id)
    short = settings.model_copy(update={"webhook_retry_window_s": 1.5})

    result = await deliver_batch(temporal_client, short, build.build_id)

    assert result.not_delivered and not result.delivered
    [record] = await deliveries_of(api, sub["subscription_id"])
    assert record["status"] == "failed" and record["attempts"] >= 2
    assert record["last_error"] == "no answer (ConnectError)"
    assert record["last_status_code"] is None
