"""Webhook subscriptions and their deliveries: add, list, remove, read deliveries, re-send one
(docs/webhooks.md; the change batches they carry: DOMAIN §7)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, status
from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.deps import PoolDep, SettingsDep, TemporalDep
from api.schemas import UNAVAILABLE, ErrorDetail
from api.temporal_errors import temporal_errors_as_503
from medallion.gold.change_kinds import ChangeKind, Severity
from medallion.platform.db import BIGINT_MAX
from medallion.webhooks import store
from medallion.webhooks.secrets import new_secret, seal
from medallion.webhooks.starts import schedule_from, start_resend
from medallion.webhooks.store import DeliveryStatus
from medallion.webhooks.urls import (
    MAX_URL_LENGTH,
    RECEIVER_URL_PATTERN,
    ServiceAddress,
    UrlRefusedError,
    check_receiver_url,
    parse_receiver_url,
    port_of,
)

router = APIRouter(
    prefix="/webhooks",
    tags=["webhooks"],
    responses={404: {"model": ErrorDetail, "description": "No such subscription"}, **UNAVAILABLE},
)

SubscriptionPath = Annotated[int, Path(ge=1, le=BIGINT_MAX, description="The subscription's id.")]
DeliveryPath = Annotated[int, Path(ge=1, le=BIGINT_MAX, description="The delivery's id.")]


class SubscriptionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(
        max_length=MAX_URL_LENGTH,
        json_schema_extra={"pattern": RECEIVER_URL_PATTERN},
        examples=["https://hooks.example.com/medallion"],
        description="Where batches are POSTed: http or https.",
    )
    kinds: list[ChangeKind] = Field(
        default_factory=list,
        max_length=50,
        description="Change kinds wanted (DOMAIN §7); empty: every kind.",
        examples=[["collection_action_added", "csed_changed"]],
    )
    severities: list[Severity] = Field(
        default_factory=list, description="Severities wanted; empty: both."
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        try:
            parse_receiver_url(url)
        except UrlRefusedError as err:
            raise ValueError(str(err)) from None
        return url

    @field_validator("kinds", "severities")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return list(dict.fromkeys(values))


class SubscriptionView(BaseModel):
    subscription_id: int
    url: str
    kinds: list[ChangeKind]
    severities: list[Severity]
    created_at: datetime
    enabled: bool
    disabled_at: datetime | None
    disabled_reason: str | None

    @classmethod
    def of(cls, sub: store.Subscription) -> "SubscriptionView":
        return cls(
            subscription_id=sub.subscription_id,
            url=sub.url,
            kinds=sub.kinds,
            severities=sub.severities,
            created_at=sub.created_at,
            enabled=sub.disabled_at is None,
            disabled_at=sub.disabled_at,
            disabled_reason=sub.disabled_reason,
        )


class CreatedSubscription(SubscriptionView):
    secret: str = Field(
        description="The signing secret (Standard Webhooks `whsec_…`). Shown this once: keep it."
    )


class DeliveryView(BaseModel):
    delivery_id: int
    subscription_id: int
    build_id: int
    webhook_id: str
    status: DeliveryStatus
    attempts: int
    resends: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None


class ResendView(BaseModel):
    delivery_id: int
    webhook_id: str
    workflow_id: str = Field(description="The Temporal run that sends it again.")


@router.post(
    "",
    response_model=CreatedSubscription,
    status_code=status.HTTP_201_CREATED,
    responses={422: {"description": "The URL or a filter is refused; the detail says why"}},
)
async def create(
    body: SubscriptionRequest, request: Request, pool: PoolDep, settings: SettingsDep
) -> CreatedSubscription:
    """Subscribe a URL to change batches. The answer holds the signing secret, shown once."""
    served = service_address(request)
    try:
        await check_receiver_url(
            body.url, block_private=settings.medallion_webhook_block_private, service=served
        )
    except UrlRefusedError as err:
        raise HTTPException(422, f"url refused: {err}") from None
    secret = new_secret()
    async with pool.acquire() as conn:
        sub = await store.create_subscription(
            conn, body.url, body.kinds, body.severities, seal(secret, settings.codec_keys())
        )
    return CreatedSubscription(**SubscriptionView.of(sub).model_dump(), secret=secret)


@router.get("", response_model=list[SubscriptionView])
async def list_all(pool: PoolDep) -> list[SubscriptionView]:
    """Every subscription; a disabled one says when and why (a receiver's 410 Gone)."""
    async with pool.acquire() as conn:
        return [SubscriptionView.of(s) for s in await store.list_subscriptions(conn)]


@router.delete("/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(subscription_id: SubscriptionPath, pool: PoolDep) -> Response:
    """Remove a subscription and its delivery records; pending deliveries to it stop."""
    async with pool.acquire() as conn:
        if not await store.delete_subscription(conn, subscription_id):
            raise HTTPException(404, f"no webhook subscription {subscription_id}")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{subscription_id}/deliveries", response_model=list[DeliveryView])
async def deliveries(
    subscription_id: SubscriptionPath,
    pool: PoolDep,
    delivery_status: Annotated[
        DeliveryStatus | None, Query(alias="status", description="Only deliveries in this state.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[DeliveryView]:
    """The subscription's deliveries, newest first."""
    async with pool.acquire() as conn:
        if await store.get_subscription(conn, subscription_id) is None:
            raise HTTPException(404, f"no webhook subscription {subscription_id}")
        found = await store.list_deliveries(conn, subscription_id, delivery_status, limit)
    return [DeliveryView.model_validate(d, from_attributes=True) for d in found]


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/resend",
    response_model=ResendView,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"model": ErrorDetail, "description": "Still being sent, or disabled"}},
)
async def resend(
    subscription_id: SubscriptionPath,
    delivery_id: DeliveryPath,
    pool: PoolDep,
    client: TemporalDep,
    settings: SettingsDep,
) -> ResendView:
    """Send a failed (or delivered) delivery again: same webhook id, same body."""
    async with pool.acquire() as conn:
        sub = await store.get_subscription(conn, subscription_id)
        found = await store.get_delivery(conn, subscription_id, delivery_id)
    if sub is None or found is None:
        raise HTTPException(
            404, f"no delivery {delivery_id} of webhook subscription {subscription_id}"
        )
    if sub.disabled_at is not None:
        raise HTTPException(
            409, f"subscription {subscription_id} is disabled ({sub.disabled_reason}): add it again"
        )
    if found.status == "pending":
        raise HTTPException(409, f"delivery {delivery_id} is still being sent")
    with temporal_errors_as_503():
        workflow_id = await start_resend(
            client,
            found.build_id,
            delivery_id,
            found.resends + 1,
            task_queue=settings.temporal_task_queue,
            schedule=schedule_from(settings),
        )
    return ResendView(delivery_id=delivery_id, webhook_id=found.webhook_id, workflow_id=workflow_id)


def service_address(request: Request) -> ServiceAddress:
    """The API's own address, as this request reached it."""
    return ServiceAddress(host=request.url.hostname or "", port=port_of(request.url.components))
