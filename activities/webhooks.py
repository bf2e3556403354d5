"""Webhook delivery activities: make a batch's deliveries, send one attempt, record the outcome
(DOMAIN §7; docs/webhooks.md).

An attempt signs the stored body under the stored webhook id (Standard Webhooks), so every
attempt of a delivery carries the same id and bytes; only the timestamp and signature are new.
The attempt is recorded after the receiver answers: a crash in between repeats the delivery
under the same id, which is what a receiver dedupes on.
"""

import asyncio
from datetime import UTC, datetime

import asyncpg
import httpx
from standardwebhooks import Webhook
from temporalio import activity
from temporalio.exceptions import ApplicationError

from medallion.platform.codec import CodecKey
from medallion.platform.tls import client_tls
from medallion.webhooks import store
from medallion.webhooks.secrets import SecretUnavailableError, unseal
from medallion.webhooks.urls import UrlRefusedError, check_receiver_url
from workflows.webhook_models import (
    ATTEMPT_FAILED,
    AttemptOutcome,
    BatchRequest,
    DeliveryAttempt,
    DeliveryIds,
    ResendRequest,
)

GONE = 410
USER_AGENT = "medallion-webhooks/1"


class WebhookActivities:
    def __init__(
        self, pool: asyncpg.Pool, codec_keys: tuple[CodecKey, ...], *, block_private: bool
    ) -> None:
        self._pool = pool
        self._keys = codec_keys
        self._block_private = block_private

    @activity.defn(name="create_webhook_deliveries")
    async def create_batch_deliveries(self, request: BatchRequest) -> DeliveryIds:
        async with self._pool.acquire() as conn:
            ids = await store.create_batch_deliveries(conn, request.build_id)
        activity.logger.info(
            "webhook batch prepared",
            extra={"build_id": request.build_id, "deliveries": len(ids)},
        )
        return DeliveryIds(ids)

    @activity.defn(name="reopen_webhook_delivery")
    async def reopen_delivery(self, request: ResendRequest) -> DeliveryIds:
        async with self._pool.acquire() as conn:
            reopened = await store.reopen_for_resend(conn, request.delivery_id, request.resend)
        return DeliveryIds([request.delivery_id] if reopened else [])

    @activity.defn(name="mark_webhook_delivery_failed")
    async def mark_delivery_failed(self, attempt: DeliveryAttempt) -> None:
        async with self._pool.acquire() as conn:
            await store.mark_failed(conn, attempt.delivery_id, None)
        activity.logger.warning(
            "webhook delivery failed for good", extra={"delivery_id": attempt.delivery_id}
        )

    @activity.defn(name="send_webhook")
    async def send_webhook(self, attempt: DeliveryAttempt) -> AttemptOutcome:
        async with self._pool.acquire() as conn:
            outgoing = await store.get_outgoing(conn, attempt.delivery_id)
        if outgoing is None:
            return AttemptOutcome(False, "the subscription was removed")
        if outgoing.status != "pending":
            return AttemptOutcome(outgoing.status == "delivered", f"already {outgoing.status}")
        if outgoing.disabled_reason is not None:
            await self._give_up(outgoing.delivery_id, "the subscription is disabled")
            return AttemptOutcome(False, "the subscription is disabled")
        try:
            secret = unseal(outgoing.secret, self._keys)
            await check_receiver_url(outgoing.url, block_private=self._block_private)
        except (SecretUnavailableError, UrlRefusedError) as err:
            raise await self._failed_attempt(outgoing, None, f"not sent: {err}") from None

        sent_at = datetime.now(UTC)
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": outgoing.webhook_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": Webhook(secret).sign(outgoing.webhook_id, sent_at, outgoing.body),
        }
        try:
            status_code = await _post(outgoing.url, outgoing.body, headers, attempt.timeout_s)
        except (httpx.HTTPError, TimeoutError) as err:
            reason = (
                f"no answer within {attempt.timeout_s:g} s"
                if isinstance(err, TimeoutError | httpx.TimeoutException)
                else f"no answer ({type(err).__name__})"
            )
            raise await self._failed_attempt(outgoing, None, reason) from None

        if 200 <= status_code < 300:
            async with self._pool.acquire() as conn:
                await store.record_attempt(
                    conn, outgoing.delivery_id, status_code=status_code, error=None, delivered=True
                )
            _log("webhook delivered", outgoing, status_code)
            return AttemptOutcome(True)
        if status_code == GONE:
            reason = f"the receiver answered 410 Gone on {sent_at:%Y-%m-%d %H:%M} UTC"
            async with self._pool.acquire() as conn, conn.transaction():
                await store.record_attempt(
                    conn, outgoing.delivery_id, status_code=GONE, error=reason, delivered=False
                )
                await store.disable_subscription(conn, outgoing.subscription_id, reason)
                await store.mark_failed(conn, outgoing.delivery_id, reason)
            _log("webhook subscription disabled", outgoing, status_code)
            return AttemptOutcome(False, reason)
        raise await self._failed_attempt(
            outgoing, status_code, f"the receiver answered {status_code}"
        )

    async def _failed_attempt(
        self, outgoing: store.Outgoing, status_code: int | None, reason: str
    ) -> ApplicationError:
        """Record the attempt; the error to raise so Temporal retries it on schedule."""
        async with self._pool.acquire() as conn:
            await store.record_attempt(
                conn, outgoing.delivery_id, status_code=status_code, error=reason, delivered=False
            )
        _log("webhook attempt failed", outgoing, status_code)
        return ApplicationError(
            f"webhook delivery {outgoing.delivery_id} to subscription "
            f"{outgoing.subscription_id}: {reason}; retried on schedule",
            type=ATTEMPT_FAILED,
        )

    async def _give_up(self, delivery_id: int, reason: str) -> None:
        async with self._pool.acquire() as conn:
            await store.mark_failed(conn, delivery_id, reason)


async def _post(url: str, body: str, headers: dict[str, str], timeout_s: float) -> int:
    """The receiver's status code; the whole exchange bounded by `timeout_s`. Redirects are not
    followed (a 3xx is an answer like any other that is not 2xx). One client per attempt:
    deliveries are few and go to many hosts, and no connection outlives the attempt."""
    async with (
        asyncio.timeout(timeout_s),
        httpx.AsyncClient(timeout=timeout_s, follow_redirects=False, verify=client_tls()) as http,
    ):
        response = await http.post(url, content=body.encode(), headers=headers)
    return response.status_code


def _log(message: str, outgoing: store.Outgoing, status_code: int | None) -> None:
    # The URL may carry a receiver's token in its query: the subscription id names it instead.
    activity.logger.info(
        message,
        extra={
            "delivery_id": outgoing.delivery_id,
            "subscription_id": outgoing.subscription_id,
            "webhook_id": outgoing.webhook_id,
            "status_code": status_code,
        },
    )
