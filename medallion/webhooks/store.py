"""Webhook subscriptions and deliveries in Postgres (migrations/055_webhooks.sql).

A delivery's body is built here, once, from an explicit list of change-row columns (DOMAIN §7:
ids, kinds, severities, keys, before and after), never from the case's own data, so no name,
SSN, address or employer can reach a receiver.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from medallion.gold.change_kinds import ChangeKind, Severity
from medallion.platform.db import Connection
from medallion.webhooks.secrets import SealedSecret

# As the CHECK constraint of webhook_deliveries.status says.
DeliveryStatus = Literal["pending", "delivered", "failed"]
BODY_TYPE = "case.changes"

_SUBSCRIPTION_COLUMNS = (
    "subscription_id, url, kinds, severities, created_at, disabled_at, disabled_reason"
)
_DELIVERY_COLUMNS = (
    "delivery_id, subscription_id, build_id, webhook_id, status, attempts, resends, "
    "last_status_code, last_error, created_at, last_attempt_at, delivered_at, failed_at"
)

INSERT_SUBSCRIPTION = f"""
INSERT INTO webhook_subscriptions (url, kinds, severities, secret_sealed, secret_key_id)
VALUES ($1, $2, $3, $4, $5)
RETURNING {_SUBSCRIPTION_COLUMNS}
"""
SELECT_SUBSCRIPTIONS = f"""
SELECT {_SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions ORDER BY subscription_id
"""
SELECT_SUBSCRIPTION = f"""
SELECT {_SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions WHERE subscription_id = $1
"""
DELETE_SUBSCRIPTION = "DELETE FROM webhook_subscriptions WHERE subscription_id = $1"
SELECT_DELIVERIES = f"""
SELECT {_DELIVERY_COLUMNS} FROM webhook_deliveries
WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2)
ORDER BY delivery_id DESC
LIMIT $3
"""
SELECT_DELIVERY = f"""
SELECT {_DELIVERY_COLUMNS} FROM webhook_deliveries
WHERE delivery_id = $1 AND subscription_id = $2
"""

# One delivery per enabled subscription that wants at least one change of the build; a second
# call (a retried activity) finds the rows made and adds none.
CREATE_BATCH_DELIVERIES = """
INSERT INTO webhook_deliveries (subscription_id, build_id, webhook_id, body)
SELECT s.subscription_id, b.build_id,
       'msg_' || replace(gen_random_uuid()::text, '-', ''),
       jsonb_build_object(
           'type', $2::text,
           'timestamp', to_char(b.committed_at AT TIME ZONE 'UTC',
                                'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'data', jsonb_build_object(
               'build_id', b.build_id,
               'previous_build_id', b.previous_build_id,
               'case_id', b.case_id,
               'run_id', b.run_id,
               'as_of_date', b.as_of_date,
               'alert_changes', wanted.alerts,
               'info_changes', wanted.infos,
               'changes', wanted.changes))::text
FROM gold_builds b
JOIN webhook_subscriptions s ON s.disabled_at IS NULL
CROSS JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object(
               'change_id', c.change_id,
               'kind', c.kind,
               'severity', c.severity,
               'tax_year', c.tax_year,
               'key', c.key,
               'before', c.before,
               'after', c.after,
               'previous_run_id', c.previous_run_id,
               'detected_at', to_char(c.detected_at AT TIME ZONE 'UTC',
                                      'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
               ORDER BY c.change_id) AS changes,
           count(*) FILTER (WHERE c.severity = 'alert') AS alerts,
           count(*) FILTER (WHERE c.severity = 'info') AS infos
    FROM case_changes c
    WHERE c.build_id = b.build_id
      AND (cardinality(s.kinds) = 0 OR c.kind = ANY (s.kinds))
      AND (cardinality(s.severities) = 0 OR c.severity = ANY (s.severities))
) wanted
WHERE b.build_id = $1 AND wanted.changes IS NOT NULL
ON CONFLICT (build_id, subscription_id) DO NOTHING
"""
SELECT_PENDING_OF_BUILD = """
SELECT delivery_id FROM webhook_deliveries
WHERE build_id = $1 AND status = 'pending'
ORDER BY delivery_id
"""
SELECT_OUTGOING = """
SELECT d.delivery_id, d.subscription_id, d.webhook_id, d.body, d.status,
       s.url, s.secret_sealed, s.secret_key_id, s.disabled_reason
FROM webhook_deliveries d JOIN webhook_subscriptions s USING (subscription_id)
WHERE d.delivery_id = $1
"""
RECORD_ATTEMPT = """
UPDATE webhook_deliveries
SET attempts = attempts + 1,
    last_attempt_at = now(),
    last_status_code = $2,
    last_error = $3,
    status = CASE WHEN $4 THEN 'delivered' ELSE status END,
    delivered_at = CASE WHEN $4 THEN now() ELSE delivered_at END
WHERE delivery_id = $1
"""
MARK_FAILED = """
UPDATE webhook_deliveries
SET status = 'failed', failed_at = now(), last_error = coalesce($2, last_error)
WHERE delivery_id = $1 AND status = 'pending'
"""
DISABLE_SUBSCRIPTION = """
UPDATE webhook_subscriptions SET disabled_at = now(), disabled_reason = $2
WHERE subscription_id = $1 AND disabled_at IS NULL
"""
# A re-send numbered `resend` reopens the delivery once, however often its run retries it.
REOPEN_FOR_RESEND = """
UPDATE webhook_deliveries
SET status = 'pending', resends = $2, failed_at = NULL
WHERE delivery_id = $1 AND resends < $2 AND status <> 'pending'
"""
SELECT_REOPENED = """
SELECT delivery_id FROM webhook_deliveries
WHERE delivery_id = $1 AND resends = $2 AND status = 'pending'
"""


@dataclass(frozen=True)
class Subscription:
    subscription_id: int
    url: str
    kinds: list[ChangeKind]
    severities: list[Severity]
    created_at: datetime
    disabled_at: datetime | None
    disabled_reason: str | None


@dataclass(frozen=True)
class Delivery:
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


@dataclass(frozen=True)
class Outgoing:
    """What one attempt sends, and to whom."""

    delivery_id: int
    subscription_id: int
    webhook_id: str
    body: str
    status: DeliveryStatus
    url: str
    secret: SealedSecret
    disabled_reason: str | None


async def create_subscription(
    conn: Connection,
    url: str,
    kinds: Sequence[ChangeKind],
    severities: Sequence[Severity],
    secret: SealedSecret,
) -> Subscription:
    row = await conn.fetchrow(
        INSERT_SUBSCRIPTION, url, list(kinds), list(severities), secret.sealed, secret.key_id
    )
    assert row is not None  # INSERT … RETURNING answers one row
    return Subscription(**dict(row))


async def list_subscriptions(conn: Connection) -> list[Subscription]:
    return [Subscription(**dict(row)) for row in await conn.fetch(SELECT_SUBSCRIPTIONS)]


async def get_subscription(conn: Connection, subscription_id: int) -> Subscription | None:
    row = await conn.fetchrow(SELECT_SUBSCRIPTION, subscription_id)
    return Subscription(**dict(row)) if row is not None else None


async def delete_subscription(conn: Connection, subscription_id: int) -> bool:
    """Remove a subscription and its deliveries; False when there was none."""
    return bool(await conn.execute(DELETE_SUBSCRIPTION, subscription_id) != "DELETE 0")


async def list_deliveries(
    conn: Connection, subscription_id: int, status: str | None, limit: int
) -> list[Delivery]:
    rows = await conn.fetch(SELECT_DELIVERIES, subscription_id, status, limit)
    return [Delivery(**dict(row)) for row in rows]


async def get_delivery(conn: Connection, subscription_id: int, delivery_id: int) -> Delivery | None:
    row = await conn.fetchrow(SELECT_DELIVERY, delivery_id, subscription_id)
    return Delivery(**dict(row)) if row is not None else None


async def create_batch_deliveries(conn: Connection, build_id: int) -> list[int]:
    """Make the build's deliveries (once) and return those still to send."""
    await conn.execute(CREATE_BATCH_DELIVERIES, build_id, BODY_TYPE)
    return [row["delivery_id"] for row in await conn.fetch(SELECT_PENDING_OF_BUILD, build_id)]


async def reopen_for_resend(conn: Connection, delivery_id: int, resend: int) -> bool:
    """Whether re-send number `resend` has the delivery to send (True again on a retry)."""
    async with conn.transaction():
        await conn.execute(REOPEN_FOR_RESEND, delivery_id, resend)
        return await conn.fetchval(SELECT_REOPENED, delivery_id, resend) is not None


async def get_outgoing(conn: Connection, delivery_id: int) -> Outgoing | None:
    row = await conn.fetchrow(SELECT_OUTGOING, delivery_id)
    if row is None:
        return None
    return Outgoing(
        delivery_id=row["delivery_id"],
        subscription_id=row["subscription_id"],
        webhook_id=row["webhook_id"],
        body=row["body"],
        status=row["status"],
        url=row["url"],
        secret=SealedSecret(row["secret_key_id"], row["secret_sealed"]),
        disabled_reason=row["disabled_reason"],
    )


async def record_attempt(
    conn: Connection,
    delivery_id: int,
    *,
    status_code: int | None,
    error: str | None,
    delivered: bool,
) -> None:
    await conn.execute(RECORD_ATTEMPT, delivery_id, status_code, error, delivered)


async def mark_failed(conn: Connection, delivery_id: int, error: str | None) -> None:
    await conn.execute(MARK_FAILED, delivery_id, error)


async def disable_subscription(conn: Connection, subscription_id: int, reason: str) -> None:
    await conn.execute(DISABLE_SUBSCRIPTION, subscription_id, reason)
