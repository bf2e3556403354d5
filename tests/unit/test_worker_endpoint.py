"""The worker's endpoint: conventional metric names, and a health that means polling."""

import httpx

from medallion.platform.metrics import conventional_names
from medallion.platform.worker_endpoint import WorkerEndpoint, WorkerHealth, loopback_address


def test_the_doubled_counter_suffix_is_undone_and_nothing_else_changes() -> None:
    exposition = (
        "# HELP temporal_local_activity_total_total Count of local activities\n"
        "# TYPE temporal_local_activity_total_total counter\n"
        'temporal_local_activity_total_total{task_queue="q"} 3\n'
        'temporal_request_total{operation="Poll"} 7\n'
    )

    fixed = conventional_names(exposition)

    assert "_total_total" not in fixed
    assert 'temporal_local_activity_total{task_queue="q"} 3' in fixed
    assert "# TYPE temporal_local_activity_total counter" in fixed
    assert 'temporal_request_total{operation="Poll"} 7' in fixed


async def test_a_worker_waiting_for_its_dependencies_is_not_polling() -> None:
    health = WorkerHealth()
    assert await health.report() == (False, {"polling": False, "reason": "waiting for Temporal"})

    health.waiting_for = "Postgres"
    assert await health.report() == (False, {"polling": False, "reason": "waiting for Postgres"})


async def test_a_draining_worker_is_not_polling() -> None:
    health = WorkerHealth(waiting_for=None, draining=True)

    healthy, report = await health.report()

    assert not healthy
    assert report["reason"] == "stopping: finishing in-flight activities"


async def test_the_endpoint_says_what_it_cannot_answer() -> None:
    endpoint = WorkerEndpoint(WorkerHealth(), runtime_address=loopback_address())  # nobody there
    host, port = loopback_address().split(":")
    await endpoint.start(host, int(port))
    try:
        async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as client:
            metrics = await client.get("/metrics")
            health = await client.get("/health")
            unknown = await client.get("/elsewhere")
            posted = await client.post("/health")
    finally:
        await endpoint.close()

    assert metrics.status_code == 503
    assert "did not answer" in metrics.text
    assert health.status_code == 503
    assert health.json()["polling"] is False
    assert unknown.status_code == 404
    assert posted.status_code == 405
