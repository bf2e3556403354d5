"""WebhookDeliveryWorkflow: one change batch (a Gold build's changes, DOMAIN §7) to each
subscription that wants it, or one re-send of a delivery.

Its id derives from the batch (`webhook-batch-{build_id}`) and reuse is refused, so a second
start, however late, cannot send the batch again. Each delivery is one activity whose retry
policy is the delivery schedule: exponential backoff until the window closes, then the delivery
is marked failed (and can be re-sent). Deliveries to different subscriptions run side by side,
so a receiver that is down delays no other. Only ids travel through history.
"""

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

from workflows.webhook_models import (
    ATTEMPT_MARGIN_S,
    BatchRequest,
    DeliveryAttempt,
    ResendRequest,
    WebhookBatchInput,
    WebhookBatchResult,
    WebhookSchedule,
)

with workflow.unsafe.imports_passed_through():
    from activities.webhooks import WebhookActivities


@workflow.defn
class WebhookDeliveryWorkflow:
    @workflow.run
    async def run(self, inp: WebhookBatchInput) -> WebhookBatchResult:
        short = timedelta(seconds=30)
        if inp.resend_delivery_id is None:
            ids = await workflow.execute_activity_method(
                WebhookActivities.create_batch_deliveries,
                BatchRequest(inp.build_id),
                start_to_close_timeout=short,
            )
        else:
            ids = await workflow.execute_activity_method(
                WebhookActivities.reopen_delivery,
                ResendRequest(inp.resend_delivery_id, inp.resend),
                start_to_close_timeout=short,
            )
        sent = await asyncio.gather(*(self._deliver(i, inp.schedule) for i in ids.delivery_ids))
        result = WebhookBatchResult()
        for delivery_id, delivered in zip(ids.delivery_ids, sent, strict=True):
            (result.delivered if delivered else result.not_delivered).append(delivery_id)
        return result

    async def _deliver(self, delivery_id: int, schedule: WebhookSchedule) -> bool:
        try:
            outcome = await workflow.execute_activity_method(
                WebhookActivities.send_webhook,
                DeliveryAttempt(delivery_id, schedule.timeout_s),
                start_to_close_timeout=timedelta(seconds=schedule.timeout_s + ATTEMPT_MARGIN_S),
                schedule_to_close_timeout=timedelta(seconds=schedule.window_s),
                retry_policy=RetryPolicy(
                    initial_interval=timedelta(seconds=schedule.initial_interval_s),
                    backoff_coefficient=2.0,
                    maximum_interval=timedelta(seconds=schedule.max_interval_s),
                    maximum_attempts=0,  # the window bounds them
                ),
            )
        except ActivityError:
            await workflow.execute_activity_method(
                WebhookActivities.mark_delivery_failed,
                DeliveryAttempt(delivery_id, schedule.timeout_s),
                start_to_close_timeout=timedelta(seconds=30),
            )
            return False
        return outcome.delivered
