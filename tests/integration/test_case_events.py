"""GET /api/cases/{id}/events: stage and source changes as Server-Sent Events, to the close."""

import json
from typing import Any

import httpx
from httpx_sse import aconnect_sse
from temporalio.worker import Worker

from tests.support.cases import add_fault, status_of


async def read_events(api: httpx.AsyncClient, case_id: str) -> list[tuple[str, dict[str, Any]]]:
    async with aconnect_sse(api, "GET", f"/api/cases/{case_id}/events") as source:
        assert source.response.headers["content-type"].startswith("text/event-stream")
        return [(e.event, json.loads(e.data)) async for e in source.aiter_sse()]


async def test_a_run_streams_its_stages_and_sources_until_it_closes(
    api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=1)
    await api.post(f"/api/cases/{new_case_id}/extract")

    events = await read_events(api, new_case_id)

    stages = [data["stage"] for name, data in events if name == "stage"]
    # Polled, so a short stage may pass unseen; never out of order, never repeated.
    order = ["fetching", "silver", "gold", "complete"]
    assert stages[0] == "fetching" and stages[-1] == "complete"
    assert stages == [s for s in order if s in stages], stages
    at_states = [d["state"] for name, d in events if name == "source" and d["source"] == "at"]
    assert at_states[0] in ("pending", "running") and at_states[-1] == "succeeded"
    assert events[-1][0] == "closed" and events[-1][1]["stage"] == "complete"
    # Polling reports the same end.
    assert (await status_of(api, new_case_id))["status"] == "complete"


async def test_a_closed_run_streams_its_end_at_once(
    api: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract", params={"async_mode": "false"})

    events = await read_events(api, new_case_id)

    assert events[0] == ("stage", {"run_id": events[0][1]["run_id"], "stage": "complete"})
    assert {d["source"] for name, d in events if name == "source"} == {
        "at",
        "wi",
        "trt",
        "interview",
    }
    assert events[-1][0] == "closed"


async def test_an_unknown_case_is_404(api: httpx.AsyncClient, new_case_id: str) -> None:
    assert (await api.get(f"/api/cases/{new_case_id}/events")).status_code == 404
