"""The worker's metrics: the Temporal SDK runtime's own, and ours recorded through its meter.

One Prometheus endpoint per worker process (WORKER_METRICS_PORT, worker_endpoint.py).
Workflow code records through `workflow.metric_meter()`, which skips replays, so a counter counts
each event once. Names follow Prometheus' conventions, as the SDK's standard dashboards expect:
counters end in `_total`, histograms in their unit (`temporal_activity_execution_latency_seconds`,
`medallion_stage_duration_seconds`), durations in seconds.
"""

import re
from datetime import timedelta

from temporalio.common import MetricMeter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

# Label `event` of CASES: started, needs_attention, completed, failed, cancelled.
CASES = "medallion_cases"
# Time a run spent in one stage (fetching, needs_attention, silver, gold), label `stage`; the
# runtime appends the unit: medallion_stage_duration_seconds.
STAGE_DURATION = "medallion_stage_duration"
# Seconds: from a fetch of a fraction of a second to a needs-attention wait of a day.
STAGE_BUCKETS_S = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 86400)
# One per fetch attempt, labels `source`, `outcome` and `http_status` ("none" without a reply).
SOURCE_FETCHES = "medallion_source_fetches"

CLOSING_EVENTS = {"complete": "completed", "failed": "failed", "cancelled": "cancelled"}


# The SDK's exporter appends `_total` to every counter, also to the one it already names
# `local_activity_total` (temporalio 1.35): `temporal_local_activity_total_total`.
_DOUBLED_TOTAL = re.compile(r"_total_total\b")


def prometheus_runtime(bind_address: str) -> Runtime:
    """A runtime serving its exposition at `http://<bind_address>/metrics`; the worker's own
    endpoint passes it on through `conventional_names`."""
    return Runtime(
        telemetry=TelemetryConfig(
            metrics=PrometheusConfig(
                bind_address=bind_address,
                counters_total_suffix=True,
                durations_as_seconds=True,
                unit_suffix=True,  # `_seconds` on every duration histogram
                histogram_bucket_overrides={STAGE_DURATION: STAGE_BUCKETS_S},
            )
        )
    )


def conventional_names(exposition: str) -> str:
    """The runtime's exposition with the one doubled counter suffix undone."""
    return _DOUBLED_TOTAL.sub("_total", exposition)


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
