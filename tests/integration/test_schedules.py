"""Refresh schedules through the API and the CLI: create, list, trigger, pause, delete."""

import httpx
from temporalio.client import Client, ScheduleOverlapPolicy
from temporalio.worker import Worker

from api.schedules import schedule_id
from tests.support.case_ids import fresh_case_id
from tests.support.cases import pin_canonical_profile, wait_for_status
from tests.support.cli import run_cli
from tests.support.polling import eventually


async def test_a_schedule_reingests_its_cases_and_can_be_paused_and_deleted(
    api: httpx.AsyncClient,
    api_url: str,
    sandbox: httpx.AsyncClient,
    worker: Worker,
    temporal_client: Client,
) -> None:
    name = f"test-{fresh_case_id()}"
    cases = [fresh_case_id(), fresh_case_id()]
    for case_id in cases:
        await pin_canonical_profile(sandbox, case_id)

    created = await run_cli(api_url, "schedule", "create", name, *cases, "--every", "1h")
    assert created.code == 0, created.err
    described = await temporal_client.get_schedule_handle(schedule_id(name)).describe()
    assert described.schedule.policy.overlap == ScheduleOverlapPolicy.SKIP

    shown = await api.get(f"/api/schedules/{name}")
    assert shown.json()["case_ids"] == cases and shown.json()["every_s"] == 3600
    assert shown.json()["overlap"] == "skip" and shown.json()["paused"] is False

    assert (await api.post(f"/api/schedules/{name}/trigger")).status_code == 204
    for case_id in cases:
        await wait_for_status(api, case_id, "complete")

    assert (await run_cli(api_url, "schedule", "pause", name)).code == 0
    assert (await api.get(f"/api/schedules/{name}")).json()["paused"] is True
    listed = await eventually(
        lambda: run_cli(api_url, "schedule", "list"), lambda r: name in r.out, timeout_s=30
    )
    assert "paused" in listed.out

    assert (await run_cli(api_url, "schedule", "delete", name)).code == 0
    assert (await api.get(f"/api/schedules/{name}")).status_code == 404


async def test_bad_schedules_are_refused_with_reasons(api: httpx.AsyncClient) -> None:
    name = f"test-{fresh_case_id()}"
    both = {"name": name, "case_ids": ["1"], "every_s": 3600, "cron": "0 2 * * *"}
    assert (await api.post("/api/schedules", json=both)).status_code == 422
    bad_id = await api.post("/api/schedules", json={"name": name, "case_ids": ["x"], "every_s": 60})
    assert bad_id.status_code == 422 and "1-12 digits" in bad_id.text
    body = {"name": name, "case_ids": ["1"], "every_s": 3600, "paused": True}
    assert (await api.post("/api/schedules", json=body)).status_code == 201
    try:
        assert (await api.post("/api/schedules", json=body)).status_code == 409
    finally:
        await api.delete(f"/api/schedules/{name}")
    assert (await api.post(f"/api/schedules/{name}/pause")).status_code == 404
