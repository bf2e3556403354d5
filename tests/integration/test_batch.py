"""POST /api/extract/batch: one workflow per case, an answer per case, bad ids reported alone."""

import httpx
from temporalio.worker import Worker

from tests.support.case_ids import fresh_case_id
from tests.support.cases import add_fault, pin_canonical_profile, wait_for_status
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
