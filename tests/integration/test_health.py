import httpx
import pytest
from temporalio.client import Client
from temporalio.worker import Worker

from api.main import create_app
from medallion.devstack.processes import free_port
from medallion.platform.build_id import worker_build_id
from medallion.platform.settings import Settings
from tests.support.polling import eventually
from tests.support.threaded_server import serve_in_thread
from workflows.case_ingestion import CaseIngestionWorkflow


async def test_health_is_ok_with_a_worker_polling(api: httpx.AsyncClient, worker: Worker) -> None:
    # The worker's first poll reaches the server a moment after it starts.
    response = await eventually(lambda: api.get("/api/health"), lambda r: r.status_code == 200)

    assert response.status_code == 200, response.text
    assert response.json() | {"workers": "…"} == {
        "status": "ok",
        "temporal": "ok",
        "postgres": "ok",
        "workers": "…",
        "task_queue": worker.task_queue,
        "missing": [],
    }
    assert response.json()["workers"] == "1 polling"
    assert (await api.get("/api/health/ready")).json() == response.json()


async def test_a_worker_without_its_fetch_queues_is_not_ready(
    api: httpx.AsyncClient, temporal_client: Client, settings: Settings
) -> None:
    # An older worker: it polls the case-ingestion queue only, so new runs' fetches would wait
    # on queues nobody serves.
    async with Worker(
        temporal_client,
        task_queue=settings.temporal_task_queue,
        workflows=[CaseIngestionWorkflow],
        build_id=worker_build_id(),
    ):
        response = await eventually(
            lambda: api.get("/api/health/ready"), lambda r: "1 polling" in r.json()["workers"]
        )

    assert response.status_code == 503
    assert response.json()["missing"] == ["fetch workers"]
    assert response.json()["workers"] == "1 polling; no fetch poller for at, wi, trt, interview"


async def test_without_a_worker_the_api_is_alive_but_not_ready(api: httpx.AsyncClient) -> None:
    live = await api.get("/api/health/live")
    ready = await api.get("/api/health/ready")
    health = await api.get("/api/health")

    assert live.status_code == 200 and live.json() == {"status": "ok"}
    assert ready.status_code == 503
    assert ready.json()["missing"] == ["workers"]
    assert ready.json()["workers"] == "none polling"
    assert ready.json()["temporal"] == "ok"
    assert health.status_code == 503 and health.json()["missing"] == ["workers"]


def test_temporal_down_gives_503_with_a_reason(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"temporal_address": f"127.0.0.1:{free_port()}"})
    with serve_in_thread(create_app(unreachable)) as url:
        trigger = httpx.post(f"{url}/api/cases/1295022/extract", timeout=30)
        health = httpx.get(f"{url}/api/health", timeout=30)
        live = httpx.get(f"{url}/api/health/live", timeout=30)

    assert live.status_code == 200
    assert trigger.status_code == 503
    assert trigger.json()["detail"].startswith("Temporal is unavailable")
    assert health.status_code == 503
    assert health.json()["temporal"].startswith("unreachable")
    assert health.json()["missing"] == ["temporal", "workers"]


def test_ui_redirects_point_at_the_case_workflow(settings: Settings) -> None:
    with serve_in_thread(create_app(settings)) as url:
        case = httpx.get(f"{url}/api/cases/1295022/ui", follow_redirects=False)
        home = httpx.get(f"{url}/api/dagster/ui", follow_redirects=False)

    assert case.status_code == 307
    assert case.headers["location"] == (
        f"{settings.temporal_ui_url}/namespaces/default/workflows/case-ingestion-1295022"
    )
    assert home.headers["location"] == f"{settings.temporal_ui_url}/namespaces/default/workflows"


def test_ui_links_name_the_namespace_of_temporals_own_configuration(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEMPORAL_NAMESPACE", "medallion-prod.a1b2c")  # read by envconfig
    with serve_in_thread(create_app(settings)) as url:
        home = httpx.get(f"{url}/api/ui", follow_redirects=False)

    assert home.headers["location"].endswith("/namespaces/medallion-prod.a1b2c/workflows")
