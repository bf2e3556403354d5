"""POST /api/extract/batch: one workflow per case, an answer per case, bad ids reported alone."""

import httpx
from temporalio.worker import Worker

from api.main import create_app
from medallion.devstack.processes import free_port
from medallion.platform.settings import Settings
from tests.support.case_ids import fresh_case_id
from tests.support.cases import add_fault, pin_canonical_profile, wait_for_status
from tests.support.threaded_server import serve_in_thread
from workflows.models import workflow_id_for


async def test_each_case_starts_or_attaches_and_a_bad_id_is_reported_alone(
    api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker
) -> None:
    first, slow = fresh_case_id(), fresh_case_id()
    for case_id in (first, slow):
        await pin_canonical_profile(sandbox, case_id)
    await add_fault(sandbox, case_id=slow, source="at", kind="latency", delay_s=3)
    await api.post(f"/api/cases/{slow}/extract")  # open while the batch arrives

    answer = await api.post(
        "/api/extract/batch", json={"case_ids": [first, "12ab", slow, first, "0" * 13]}
    )

    assert answer.status_code == 202, answer.text
    body = answer.json()
    statuses = [(r["case_id"], r["status"]) for r in body["results"]]
    assert statuses == [
        (first, "started"),
        ("12ab", "invalid"),
        (slow, "attached"),
        (first, "started"),
        ("0" * 13, "invalid"),
    ]
    assert body["results"][0]["workflow_id"] == workflow_id_for(first)
    assert "digits" in body["results"][1]["error"]
    assert (body["started"], body["attached"], body["rejected"]) == (1, 1, 2)
    for case_id in (first, slow):
        await wait_for_status(api, case_id, "complete")


async def test_more_than_a_thousand_ids_are_refused(api: httpx.AsyncClient) -> None:
    ids = [str(n) for n in range(1, 1002)]
    assert (await api.post("/api/extract/batch", json={"case_ids": ids})).status_code == 422
    assert (await api.post("/api/extract/batch", json={"case_ids": []})).status_code == 422


def test_with_temporal_down_each_id_reports_the_error(settings: Settings) -> None:
    unreachable = settings.model_copy(update={"temporal_address": f"127.0.0.1:{free_port()}"})
    with serve_in_thread(create_app(unreachable)) as url:
        answer = httpx.post(
            f"{url}/api/extract/batch", json={"case_ids": ["1295022", "x"]}, timeout=60
        )

    assert answer.status_code == 202, answer.text
    first, second = answer.json()["results"]
    assert first["status"] == "error" and "unavailable" in first["error"]
    assert second["status"] == "invalid"
    assert answer.json()["rejected"] == 2
