"""The API tells the truth while a dependency is down or a run is closing (issue 8.5, 8.6)."""

from collections.abc import Iterator

import asyncpg
import httpx
import pytest
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.settings import Settings
from tests.support.cases import add_fault, wait_for_status
from tests.support.tcp_proxy import CuttableProxy, postgres_proxy
from tests.support.threaded_server import serve_in_thread
from workflows.models import workflow_id_for


@pytest.fixture
def proxied(migrated_dsn: str) -> Iterator[tuple[CuttableProxy, str]]:
    proxy, dsn = postgres_proxy(migrated_dsn)
    proxy.start()
    try:
        yield proxy, dsn()
    finally:
        proxy.close()


def _client_of(settings: Settings) -> Iterator[httpx.AsyncClient]:
    with serve_in_thread(create_app(settings)) as url:
        yield httpx.AsyncClient(base_url=url, timeout=30)


@pytest.fixture
def api_on_proxied_postgres(
    settings: Settings, proxied: tuple[CuttableProxy, str]
) -> Iterator[httpx.AsyncClient]:
    yield from _client_of(settings.model_copy(update={"database_url": proxied[1]}))


@pytest.fixture
def api_without_temporal(settings: Settings) -> Iterator[httpx.AsyncClient]:
    # Nothing listens on port 1: every Temporal call fails to connect.
    yield from _client_of(settings.model_copy(update={"temporal_address": "127.0.0.1:1"}))


@pytest.fixture
def api_with_short_sync_wait(settings: Settings) -> Iterator[httpx.AsyncClient]:
    yield from _client_of(settings.model_copy(update={"sync_wait_timeout_s": 1.0}))


async def test_with_postgres_down_status_summary_and_trigger_answer_503_with_a_reason(
    api_on_proxied_postgres: httpx.AsyncClient,
    proxied: tuple[CuttableProxy, str],
    temporal_client: Client,
    new_case_id: str,
) -> None:
    api = api_on_proxied_postgres
    proxied[0].cut()

    for method, path in [
        ("GET", f"/api/cases/{new_case_id}/status"),
        ("GET", f"/api/cases/{new_case_id}/summary"),
        ("POST", f"/api/cases/{new_case_id}/extract"),
    ]:
        response = await api.request(method, path)
        assert response.status_code == 503, (path, response.text)
        assert "Postgres is unavailable" in response.json()["detail"]
    with pytest.raises(RPCError):  # the trigger started nothing
        await temporal_client.get_workflow_handle(workflow_id_for(new_case_id)).describe()


async def test_with_postgres_down_a_batch_starts_nothing_and_says_why(
    api_on_proxied_postgres: httpx.AsyncClient,
    proxied: tuple[CuttableProxy, str],
    temporal_client: Client,
    new_case_id: str,
) -> None:
    proxied[0].cut()

    batch = await api_on_proxied_postgres.post(
        "/api/extract/batch", json={"case_ids": [new_case_id]}
    )

    assert batch.status_code == 202, batch.text
    [item] = batch.json()["results"]
    assert (item["status"], item["error"]) == ("error", "Postgres is unavailable")
    with pytest.raises(RPCError):  # a run that could not register was never started
        await temporal_client.get_workflow_handle(workflow_id_for(new_case_id)).describe()


async def test_with_temporal_down_a_case_postgres_does_not_know_is_503_not_404(
    api_without_temporal: httpx.AsyncClient, new_case_id: str
) -> None:
    response = await api_without_temporal.get(f"/api/cases/{new_case_id}/status")

    assert response.status_code == 503, response.text
    assert "Temporal is unavailable" in response.json()["detail"]


async def test_a_trigger_temporal_refused_leaves_the_case_unknown(
    api_without_temporal: httpx.AsyncClient, api: httpx.AsyncClient, new_case_id: str
) -> None:
    trigger = await api_without_temporal.post(f"/api/cases/{new_case_id}/extract")
    status = await api.get(f"/api/cases/{new_case_id}/status")
    summary = await api.get(f"/api/cases/{new_case_id}/summary")

    assert trigger.status_code == 503, trigger.text
    # No run started: nothing to report.
    assert status.status_code == 404, status.text
    assert summary.status_code == 404, summary.text


async def test_sync_mode_answers_202_with_the_status_link_after_the_wait_limit(
    api_with_short_sync_wait: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    new_case_id: str,
) -> None:
    api = api_with_short_sync_wait
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=30)

    response = await api.post(f"/api/cases/{new_case_id}/extract", params={"async_mode": "false"})

    assert response.status_code == 202, response.text
    body = response.json()
    assert body["status"] == "triggered"
    assert body["status_url"] == f"/api/cases/{new_case_id}/status"
    assert "still running after 1 s" in body["message"]
    await api.post(f"/api/cases/{new_case_id}/cancel")


async def test_a_cancel_racing_the_end_of_the_run_is_409_not_500(
    api: httpx.AsyncClient,
    worker: Worker,
    new_case_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    # The check saw the run open; it closed before the signal arrived.
    monkeypatch.setattr("api.routes.cases.is_open", lambda description: True)

    cancel = await api.post(f"/api/cases/{new_case_id}/cancel")
    retry = await api.post(f"/api/cases/{new_case_id}/retry")

    assert cancel.status_code == 409, cancel.text
    assert "no open ingestion run" in cancel.json()["detail"]
    assert retry.status_code == 409, retry.text  # the closed run's final stage answers it
    assert "stage is complete" in retry.json()["detail"]


async def test_a_cancel_after_the_recorded_close_is_409_as_the_status_says_complete(
    api: httpx.AsyncClient, pg_pool: asyncpg.Pool, temporal_client: Client, new_case_id: str
) -> None:
    # Gold's transaction records the close a workflow task before the run ends; no worker polls
    # this test's queue, so the run stays in that moment.
    trigger = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    handle = temporal_client.get_workflow_handle(trigger["workflow_id"])
    try:
        await pg_pool.execute(
            "UPDATE ingestion_runs SET closed_at = now(), stage = 'complete' WHERE run_id = $1",
            trigger["run_id"],
        )
        cancel = await api.post(f"/api/cases/{new_case_id}/cancel")
        history = await handle.fetch_history()
    finally:
        await handle.terminate()

    assert cancel.status_code == 409, cancel.text
    assert "no open ingestion run" in cancel.json()["detail"]
    assert not any(
        e.workflow_execution_signaled_event_attributes.signal_name for e in history.events
    )


async def test_a_retry_no_worker_answers_for_goes_by_the_stage_postgres_recorded(
    api: httpx.AsyncClient, pg_pool: asyncpg.Pool, temporal_client: Client, new_case_id: str
) -> None:
    # No worker polls this test's task queue: the run is open, but it cannot answer a query.
    trigger = (await api.post(f"/api/cases/{new_case_id}/extract")).json()
    try:
        early = await api.post(f"/api/cases/{new_case_id}/retry")
        await pg_pool.execute(
            "UPDATE ingestion_runs SET stage = 'needs_attention' WHERE run_id = $1",
            trigger["run_id"],
        )
        parked = await api.post(f"/api/cases/{new_case_id}/retry")
        history = await temporal_client.get_workflow_handle(trigger["workflow_id"]).fetch_history()
    finally:
        await temporal_client.get_workflow_handle(trigger["workflow_id"]).terminate()

    assert early.status_code == 409, early.text
    assert "stage is fetching" in early.json()["detail"]
    # The signal waits in the run's history for a worker to act on it.
    assert parked.status_code == 202, parked.text
    signals = [e.workflow_execution_signaled_event_attributes for e in history.events]
    assert [s.signal_name for s in signals if s.signal_name] == ["retry"]


# Routes that answer without Postgres or Temporal: liveness, the UI redirects, the codec.
_SELF_CONTAINED = {"/api/health/live", "/api/ui", "/api/cases/{case_id}/ui", "/api/dagster/ui"}


async def test_every_route_that_reads_postgres_or_temporal_documents_503(
    api: httpx.AsyncClient,
) -> None:
    schema = (await api.get("/openapi.json")).json()

    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if path not in _SELF_CONTAINED
        and not path.startswith("/codec/")
        and "503" not in operation["responses"]
    ]
    assert not undocumented
