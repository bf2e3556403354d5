"""Prometheus: the worker's SDK and case metrics and its health, and the API's request metrics,
each exposition in the names the standard dashboards query."""

import asyncio
import json
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from medallion.devstack.processes import free_port
from medallion.platform.settings import PROJECT_ROOT, Settings
from tests.support.cases import wait_for_status
from tests.support.exposition import (
    naming_problems,
    promtool_findings,
    worker_exposition_once_completed,
)
from tests.support.polling import eventually
from tests.support.tcp_proxy import CuttableProxy
from tests.support.worker_process import worker_process

Samples = list[tuple[str, dict[str, str], float]]
DASHBOARD = PROJECT_ROOT / "deploy" / "grafana" / "dashboards" / "medallion.json"


def dashboard_metrics() -> set[str]:
    queries = [
        target["expr"]
        for panel in json.loads(DASHBOARD.read_text())["panels"]
        for target in panel.get("targets", [])
    ]
    return {
        name for query in queries for name in re.findall(r"\b(?:medallion|temporal)_\w+", query)
    }


def samples(text: str) -> Samples:
    return [
        (s.name, s.labels, s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]


async def health_of(client: httpx.AsyncClient, port: int) -> httpx.Response | None:
    """The worker's /health answer; None until its endpoint listens."""
    try:
        return await client.get(f"http://127.0.0.1:{port}/health")
    except httpx.TransportError:
        return None


def value(found: Samples, name: str, **labels: str) -> float:
    return sum(v for n, ls, v in found if n == name and labels.items() <= ls.items())


async def test_worker_serves_sdk_and_case_metrics(
    api: httpx.AsyncClient, settings: Settings, new_case_id: str, tmp_path: Path
) -> None:
    port = free_port()
    worker = worker_process(settings, tmp_path, WORKER_METRICS_PORT=str(port)).start()
    try:
        await eventually(lambda: api.get("/api/health/ready"), lambda r: r.status_code == 200)
        await api.post(f"/api/cases/{new_case_id}/extract")
        await wait_for_status(api, new_case_id, "complete")
        async with httpx.AsyncClient() as client:
            exposition = (
                await worker_exposition_once_completed(client, f"http://127.0.0.1:{port}/metrics")
            ).text
            health = await client.get(f"http://127.0.0.1:{port}/health")
        api_exposition = (await api.get("/metrics")).text
    finally:
        worker.stop()
    found = samples(exposition)
    # Every series the Grafana dashboard queries exists under that name.
    served = {name for name, _, _ in found + samples(api_exposition)}
    assert dashboard_metrics() - served == set()

    assert naming_problems(exposition) == []
    assert promtool_findings(exposition) is None
    assert health.status_code == 200, health.text
    assert health.json()["polling"] is True
    assert settings.temporal_task_queue in health.json()["task_queues"]

    assert value(found, "medallion_cases_total", event="started") >= 1
    assert value(found, "medallion_cases_total", event="completed") >= 1
    assert value(found, "medallion_cases_total", event="failed") == 0
    fetched = value(
        found, "medallion_source_fetches_total", source="at", outcome="stored", http_status="200"
    )
    assert fetched >= 1
    for stage in ("fetching", "silver", "gold"):
        assert value(found, "medallion_stage_duration_seconds_count", stage=stage) >= 1
    # The SDK's own metrics share the endpoint, in the names its dashboards query.
    assert value(found, "temporal_activity_execution_latency_seconds_count") >= 1
    assert value(found, "temporal_workflow_task_schedule_to_start_latency_seconds_count") >= 1
    assert not any(name.endswith("_total_total") for name, _, _ in found)


async def test_api_counts_requests_per_route_template(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    route = "/api/cases/{case_id}/status"
    before = value(samples((await api.get("/metrics")).text), "medallion_api_requests_total")
    await api.get(f"/api/cases/{new_case_id}/status")
    found = samples((await api.get("/metrics")).text)

    assert value(found, "medallion_api_requests_total", route=route, status="404") >= 1
    assert value(found, "medallion_api_requests_total") > before
    assert value(found, "medallion_api_request_duration_seconds_count", route=route) >= 1
    assert not any(new_case_id in str(labels) for _, labels, _ in found)


async def test_api_exposition_fits_the_naming_rules(api: httpx.AsyncClient) -> None:
    await api.get("/api/health/live")

    exposition = (await api.get("/metrics")).text

    assert naming_problems(exposition) == []
    assert promtool_findings(exposition) is None


async def test_worker_health_follows_its_connection_to_temporal(
    settings: Settings, tmp_path: Path
) -> None:
    temporal_host, temporal_port = settings.temporal_address.rsplit(":", 1)
    # Nothing listens on the proxy's port until it starts: Temporal is "down" for the worker.
    proxy = CuttableProxy(lambda: asyncio.open_connection(temporal_host, int(temporal_port)))
    proxy.port = free_port()
    through_proxy = settings.model_copy(update={"temporal_address": f"127.0.0.1:{proxy.port}"})
    port = free_port()
    worker = worker_process(through_proxy, tmp_path, WORKER_METRICS_PORT=str(port)).start()

    def says(status: int, text: str) -> Callable[[httpx.Response | None], bool]:
        return lambda r: r is not None and r.status_code == status and text in r.text

    try:
        async with httpx.AsyncClient() as client:
            probe = partial(health_of, client, port)
            await eventually(probe, says(503, "waiting for Temporal"))
            proxy.start()
            await eventually(probe, says(200, '"polling": true'))
            proxy.cut()
            await eventually(probe, says(503, "the Temporal frontend does not answer"))
            proxy.restore()
            await eventually(probe, says(200, '"polling": true'))
    finally:
        worker.stop(timeout_s=40)
        proxy.close()
