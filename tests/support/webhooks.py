"""Helpers of the webhook tests: subscribe through the API, run a batch's delivery to its end."""

from typing import Any

import httpx
from temporalio.client import Client

from medallion.platform.settings import Settings
from medallion.webhooks.starts import schedule_from, start_change_deliveries
from workflows.webhook_models import WebhookBatchResult, batch_workflow_id


async def subscribe(api: httpx.AsyncClient, url: str, **filters: Any) -> dict[str, Any]:
    response = await api.post("/api/webhooks", json={"url": url, **filters})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def deliver_batch(client: Client, settings: Settings, build_id: int) -> WebhookBatchResult:
    """Start the batch's delivery run and wait for its end."""
    await start_change_deliveries(
        client, build_id, task_queue=settings.temporal_task_queue, schedule=schedule_from(settings)
    )
    handle = client.get_workflow_handle(batch_workflow_id(build_id), result_type=WebhookBatchResult)
    return await handle.result()


async def deliveries_of(api: httpx.AsyncClient, subscription_id: int) -> list[dict[str, Any]]:
    response = await api.get(f"/api/webhooks/{subscription_id}/deliveries")
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found
