"""Values that cross Temporal boundaries in webhook delivery (workflows/webhooks.py): ids and
the delivery schedule only, never a body or a secret."""

from dataclasses import dataclass, field

BATCH_WORKFLOW_PREFIX = "webhook-batch-"
RESEND_WORKFLOW_PREFIX = "webhook-resend-"
# Time for the database work around an attempt's HTTP call.
ATTEMPT_MARGIN_S = 5.0
# What an attempt raises when the receiver did not take the delivery (the attempt is retried).
ATTEMPT_FAILED = "webhook_attempt_failed"


def batch_workflow_id(build_id: int) -> str:
    return f"{BATCH_WORKFLOW_PREFIX}{build_id}"


def resend_workflow_id(delivery_id: int, resend: int) -> str:
    return f"{RESEND_WORKFLOW_PREFIX}{delivery_id}-{resend}"


@dataclass(frozen=True)
class WebhookSchedule:
    """Per attempt: the HTTP timeout; across attempts: the backoff and how long it goes on."""

    timeout_s: float
    initial_interval_s: float
    max_interval_s: float
    window_s: float


@dataclass
class WebhookBatchInput:
    build_id: int
    schedule: WebhookSchedule
    # Set for a re-send: that one delivery of the batch, the re-send's number.
    resend_delivery_id: int | None = None
    resend: int = 0


@dataclass
class WebhookBatchResult:
    delivered: list[int] = field(default_factory=list)
    # Not delivered: the window closed, the receiver answered 410, or the subscription went.
    not_delivered: list[int] = field(default_factory=list)


@dataclass
class BatchRequest:
    build_id: int


@dataclass
class ResendRequest:
    delivery_id: int
    resend: int


@dataclass
class DeliveryIds:
    delivery_ids: list[int]


@dataclass
class DeliveryAttempt:
    delivery_id: int
    timeout_s: float


@dataclass
class AttemptOutcome:
    delivered: bool
    detail: str = ""
