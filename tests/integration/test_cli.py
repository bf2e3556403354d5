"""The `medallion` CLI against the test stack: exit codes and what it prints (exit 0 and 1 here;
2 and 3, which need no stack, in tests/unit/test_cli_options.py)."""

import json

import httpx
from pydantic import SecretStr
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.settings import Settings
from tests.support.case_ids import fresh_case_id
from tests.support.cases import add_fault, pin_canonical_profile, wait_for_status
from tests.support.cli import run_cli
from tests.support.polling import eventually
from tests.support.threaded_server import serve_in_thread


async def test_ingest_wait_follows_each_case_to_complete(
    api_url: str, api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker
) -> None:
    first, second = fresh_case_id(), fresh_case_id()
    for case_id in (first, second):
        await pin_canonical_profile(sandbox, case_id)

    result = await run_cli(api_url, "ingest", first, second, "--wait")

    assert result.code == 0, result.out + result.err
    for case_id in (first, second):
        assert f"{case_id}  started" in result.out
        assert f"{case_id}  stage   " in result.out  # the first stage seen: polled, it may vary
        assert f"{case_id}  closed  complete" in result.out
        assert f"{case_id}  at        succeeded stored 200" in result.out


async def test_a_failed_source_exits_non_zero_then_retry_and_status_finish_it(
    api_url: str, api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker
) -> None:
    case_id = fresh_case_id()
    await pin_canonical_profile(sandbox, case_id)
    fault = await add_fault(sandbox, case_id=case_id, source="wi", kind="status", status=403)

    waited = await run_cli(api_url, "ingest", case_id, "--wait")
    assert waited.code == 1
    assert "needs_attention" in waited.out
    assert f"medallion retry {case_id}" in waited.err

    listed = await run_cli(api_url, "cases", "--stage", "needs_attention", "--limit", "500")
    assert listed.code == 0 and case_id in listed.out
    as_json = await run_cli(
        api_url, "cases", "--stage", "needs_attention", "--limit", "500", "--json"
    )
    page = json.loads(as_json.out)
    assert case_id in [c["case_id"] for c in page["cases"]]
    assert {c["stage"] for c in page["cases"]} == {"needs_attention"}
    assert (await run_cli(api_url, "status", case_id)).code == 1  # waits for someone

    await sandbox.delete(f"/_sandbox/faults/{fault}")
    retried = await run_cli(api_url, "retry", case_id, "--source", "wi")
    assert retried.code == 0, retried.err
    await wait_for_status(api, case_id, "complete")
    shown = await run_cli(api_url, "status", case_id)
    assert shown.code == 0 and "complete" in shown.out


async def test_cancel_ends_the_run_and_status_exits_non_zero(
    api_url: str, api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker
) -> None:
    case_id = fresh_case_id()
    await pin_canonical_profile(sandbox, case_id)
    await add_fault(sandbox, case_id=case_id, source="at", kind="latency", delay_s=30)
    started = await run_cli(api_url, "ingest", case_id)
    assert started.code == 0, started.err

    cancelled = await run_cli(api_url, "cancel", case_id, "--reason", "test")
    assert cancelled.code == 0, cancelled.err
    await eventually(
        lambda: run_cli(api_url, "status", case_id), lambda r: "cancelled" in r.out, timeout_s=60
    )
    assert (await run_cli(api_url, "status", case_id)).code == 1


async def test_a_request_the_api_refuses_exits_2_with_its_reason(api_url: str) -> None:
    unknown = await run_cli(api_url, "status", fresh_case_id())
    assert unknown.code == 2 and "404" in unknown.err


async def test_the_api_key_comes_from_the_environment(settings: Settings) -> None:
    keyed = settings.model_copy(update={"medallion_api_key": SecretStr("k-123")})
    with serve_in_thread(create_app(keyed)) as url:
        refused = await run_cli(url, "cases", "--limit", "1")
        allowed = await run_cli(url, "cases", "--limit", "1", env={"MEDALLION_API_KEY": "k-123"})

    assert refused.code == 2 and "401" in refused.err
    assert allowed.code == 0, allowed.err


async def test_ingest_wait_json_reports_each_run_as_it_settled(
    api_url: str, new_case_id: str, worker: Worker
) -> None:
    result = await run_cli(api_url, "ingest", new_case_id, "--wait", "--json")

    assert result.code == 0, result.err
    (item,) = json.loads(result.out)
    assert item["case_id"] == new_case_id and item["status"] == "started"
    assert item["run"]["stage"] == "complete" and item["run"]["closed"] is True
    assert item["run"]["sources"]["at"] == "succeeded stored 200"
