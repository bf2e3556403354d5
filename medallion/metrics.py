"""The worker's metrics: the Temporal SDK runtime's own, and ours recorded through its meter.

One Prometheus endpoint per worker process (WORKER_METRICS_PORT). Workflow code records through
`workflow.metric_meter()`, which skips replays, so a counter counts each event once.
"""

from datetime import timedelta

from temporalio.common import MetricMeter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

# Label `event` of CASES: started, needs_attention, completed, failed, cancelled.
CASES = "medallion_cases"
# Time a run spent in one stage (fetching, needs_attention, silver, gold), label `stage`.
STAGE_DURATION = "medallion_stage_duration"
# One per fetch attempt, labels `source`, `outcome` and `http_status` ("none" without a reply).
SOURCE_FETCHES = "medallion_source_fetches"

CLOSING_EVENTS = {"complete": "completed", "failed": "failed", "cancelled": "cancelled"}


def prometheus_runtime(host: str, port: int) -> Runtime:
    """A runtime serving `/metrics` on host:port (counters end in `_total`, durations in s)."""
    return Runtime(
        telemetry=TelemetryConfig(
            metrics=PrometheusConfig(
                bind_address=f"{host}:{port}",
                counters_total_suffix=True,
                durations_as_seconds=True,
            )
        )
    )


def count_case_event(meter: MetricMeter, event: str) -> None:
    meter.create_counter(CASES, "Case ingestion runs by event").add(1, {"event": event})


def observe_stage(meter: MetricMeter, stage: str, duration: timedelta) -> None:
    meter.create_histogram_timedelta(
        STAGE_DURATION, "Time a run spent in a stage", unit="s"
    ).record(duration, {"stage": stage})


def count_source_fetch(
    meter: MetricMeter, source: str, outcome: str, http_status: int | None
) -> None:
    meter.create_counter(SOURCE_FETCHES, "Source fetch attempts by outcome").add(
        1,
        {"source": source, "outcome": outcome, "http_status": str(http_status or "none")},
    )
