"""Starting webhook delivery runs: one per change batch, under an id derived from the batch, so
a repeated start (a retried promotion, a replay) is refused by Temporal rather than sending the
batch twice; and one per re-send, numbered."""

from dataclasses import dataclass

import asyncpg
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from medallion.platform.settings import Settings
from workflows.webhook_models import (
    WebhookBatchInput,
    WebhookSchedule,
    batch_workflow_id,
    resend_workflow_id,
)
from workflows.webhooks import WebhookDeliveryWorkflow

# The run's builds that recorded changes, when anyone subscribes at all (no run otherwise).
CHANGED_BUILDS_OF_RUN = """
SELECT build_id FROM gold_builds
WHERE case_id = $1 AND run_id = $2 AND alert_changes + info_changes > 0
  AND EXISTS (SELECT 1 FROM webhook_subscriptions WHERE disabled_at IS NULL)
ORDER BY build_id
"""


def schedule_from(settings: Settings) -> WebhookSchedule:
    return WebhookSchedule(
        timeout_s=settings.webhook_timeout_s,
        initial_interval_s=settings.webhook_retry_initial_s,
        max_interval_s=settings.webhook_retry_max_interval_s,
        window_s=settings.webhook_retry_window_s,
    )


async def start_change_deliveries(
    client: Client, build_id: int, *, task_queue: str, schedule: WebhookSchedule
) -> bool:
    """Start the batch's delivery run; False when it was started before (it runs or ran)."""
    return await _start(
        client,
        WebhookBatchInput(build_id=build_id, schedule=schedule),
        batch_workflow_id(build_id),
        task_queue,
        f"Webhooks for the changes of Gold build {build_id}",
    )


async def start_resend(
    client: Client,
    build_id: int,
    delivery_id: int,
    resend: int,
    *,
    task_queue: str,
    schedule: WebhookSchedule,
) -> str:
    """Start re-send number `resend` of a delivery; its workflow id (started now or before)."""
    workflow_id = resend_workflow_id(delivery_id, resend)
    await _start(
        client,
        WebhookBatchInput(
            build_id=build_id, schedule=schedule, resend_delivery_id=delivery_id, resend=resend
        ),
        workflow_id,
        task_queue,
        f"Re-send of webhook delivery {delivery_id}",
    )
    return workflow_id


async def _start(
    client: Client, inp: WebhookBatchInput, workflow_id: str, task_queue: str, summary: str
) -> bool:
    try:
        await client.start_workflow(
            WebhookDeliveryWorkflow.run,
            inp,
            id=workflow_id,
            task_queue=task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            static_summary=summary,
        )
    except WorkflowAlreadyStartedError:
        return False
    return True


@dataclass(frozen=True)
class ChangeDeliveries:
    """What the Gold promotion needs to hand its change batches to webhook delivery."""

    client: Client
    task_queue: str
    schedule: WebhookSchedule

    @classmethod
    def from_settings(cls, client: Client, settings: Settings) -> "ChangeDeliveries":
        return cls(client, settings.temporal_task_queue, schedule_from(settings))

    async def start_for_run(self, pool: asyncpg.Pool, case_id: str, run_id: str) -> list[int]:
        """Start delivery of every batch the run's promotion committed; the build ids. Called
        after the Gold transaction commits, and again by a retried promotion: the start of a
        batch already started is refused, so the repeat costs one call and sends nothing."""
        async with pool.acquire() as conn:
            build_ids = [
                r["build_id"] for r in await conn.fetch(CHANGED_BUILDS_OF_RUN, case_id, run_id)
            ]
        for build_id in build_ids:
            await start_change_deliveries(
                self.client, build_id, task_queue=self.task_queue, schedule=self.schedule
            )
        return build_ids
