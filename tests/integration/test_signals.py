"""Cancel and retry: through the API's signals, and cancellation from Temporal itself."""

import asyncpg
import httpx
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.worker import Worker

from tests.support.cases import add_fault, status_of, wait_for_status
from tests.support.history import run_ended
from tests.support.polling import eventually
from workflows.models import workflow_id_for


async def wait_for_source_state(
    api: httpx.AsyncClient, case_id: str, source: str, state: str
) -> None:
    await eventually(
        lambda: status_of(api, case_id),
        lambda s: s.get("bronze", {}).get("sources", {}).get(source, {}).get("state") == state,
    )


async def test_cancel_mid_fetch_ends_cancelled_with_nothing_half_written(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=60)
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_source_state(api, new_case_id, "at", "running")

    response = await api.post(f"/api/cases/{new_case_id}/cancel", json={"reason": "wrong case"})

    assert response.status_code == 202
    report = await wait_for_status(api, new_case_id, "cancelled", timeout_s=30)
    assert report["message"] == "Ingestion cancelled: wrong case"
    assert report["bronze"]["sources"]["at"]["outcome"] == "cancelled"
    assert report["bronze"]["at"] is False
    at_payloads = await pg_pool.fetchval(
        "SELECT count(*) FROM bronze_payloads WHERE case_id = $1 AND source = 'at'", new_case_id
    )
    silver_rows = await pg_pool.fetchval(
        "SELECT count(*) FROM tax_years WHERE case_id = $1", new_case_id
    )
    assert (at_payloads, silver_rows) == (0, 0)


async def test_cancel_from_temporal_is_recorded_like_the_signal(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="wi", kind="latency", delay_s=60)
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_source_state(api, new_case_id, "wi", "running")

    handle = temporal_client.get_workflow_handle(workflow_id_for(new_case_id))
    await handle.cancel()

    report = await wait_for_status(api, new_case_id, "cancelled", timeout_s=30)
    assert report["bronze"]["sources"]["wi"]["outcome"] == "cancelled"
    await run_ended(handle)  # the status says cancelled a workflow task before the run ends
    assert (await handle.describe()).status == WorkflowExecutionStatus.CANCELED


async def test_failed_source_waits_for_retry_then_completes(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    fault = await add_fault(sandbox, case_id=new_case_id, source="wi", kind="status", status=503)
    await api.post(f"/api/cases/{new_case_id}/extract")

    report = await wait_for_status(api, new_case_id, "needs_attention", timeout_s=45)
    wi = report["bronze"]["sources"]["wi"]
    assert wi["state"] == "failed"
    assert wi["outcome"] == "transient_error"
    assert wi["attempts"] == 2  # fetch_max_attempts in the test settings
    assert report["message"].startswith("Source wi failed:")
    failed_urls = await pg_pool.fetch(
        "SELECT request_url FROM bronze_fetch_attempts WHERE case_id = $1 AND source = 'wi'",
        new_case_id,
    )
    assert [r["request_url"].rsplit("/tiparser", 1)[1] for r in failed_urls] == [
        f"/analysis/wi/{new_case_id}"
    ] * 2

    await sandbox.delete(f"/_sandbox/faults/{fault}")
    response = await api.post(f"/api/cases/{new_case_id}/retry", json={"sources": ["wi"]})

    assert response.status_code == 202
    report = await wait_for_status(api, new_case_id, "complete")
    assert report["bronze"]["sources"]["wi"]["state"] == "succeeded"
    assert report["bronze"]["wi"] is True


async def test_absent_optional_source_is_a_warning_not_a_failure(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="trt", kind="status", status=404)
    await api.post(f"/api/cases/{new_case_id}/extract")

    report = await wait_for_status(api, new_case_id, "complete")

    trt = report["bronze"]["sources"]["trt"]
    assert (trt["state"], trt["outcome"], trt["last_http_status"]) == ("skipped", "absent", 404)
    assert "source_absent" in {w["code"] for w in report["warnings"]}


async def test_required_source_rejected_for_good_fails_after_the_wait(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="status", status=403)
    await api.post(f"/api/cases/{new_case_id}/extract")

    report = await wait_for_status(api, new_case_id, "needs_attention")
    at = report["bronze"]["sources"]["at"]
    assert (at["outcome"], at["attempts"]) == ("auth_error", 1)  # never retried
    assert "TIPARSER_API_KEY" in at["last_error"]
    assert (await api.post(f"/api/cases/{new_case_id}/cancel")).status_code == 202
    await wait_for_status(api, new_case_id, "cancelled")


async def test_retry_outside_needs_attention_is_409(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="latency", delay_s=3)
    await api.post(f"/api/cases/{new_case_id}/extract")

    response = await api.post(f"/api/cases/{new_case_id}/retry")

    assert response.status_code == 409
    assert "needs_attention" in response.json()["detail"]
    await wait_for_status(api, new_case_id, "complete")
    closed = await api.post(f"/api/cases/{new_case_id}/cancel")
    assert closed.status_code == 409


async def test_signals_for_a_case_without_runs_are_404(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    assert (await api.post(f"/api/cases/{new_case_id}/cancel")).status_code == 404
    assert (await api.post(f"/api/cases/{new_case_id}/retry")).status_code == 404


async def test_retry_naming_a_source_that_did_not_fail_is_409(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="wi", kind="status", status=403)
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "needs_attention")

    response = await api.post(f"/api/cases/{new_case_id}/retry", json={"sources": ["at"]})

    assert response.status_code == 409
    assert response.json()["detail"] == "none of at failed; failed sources: wi"
    assert (
        await api.post(f"/api/cases/{new_case_id}/retry", json={"sources": ["nope"]})
    ).status_code == 422
    await api.post(f"/api/cases/{new_case_id}/cancel")
    await wait_for_status(api, new_case_id, "cancelled")


async def test_unknown_wrapper_is_kept_in_bronze_and_fails_the_source_for_good(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="wi", kind="unknown_wrapper")
    await api.post(f"/api/cases/{new_case_id}/extract")

    report = await wait_for_status(api, new_case_id, "needs_attention")

    wi = report["bronze"]["sources"]["wi"]
    assert (wi["state"], wi["outcome"], wi["attempts"]) == ("failed", "contract_error", 1)
    assert "records under no known wrapper" in wi["last_error"]
    kept = await pg_pool.fetchrow(
        "SELECT payload_kind, wrapper_variant FROM bronze_payloads"
        " WHERE case_id = $1 AND source = 'wi'",
        new_case_id,
    )
    assert kept is not None
    assert dict(kept) == {"payload_kind": "json", "wrapper_variant": None}
    await api.post(f"/api/cases/{new_case_id}/cancel")
    await wait_for_status(api, new_case_id, "cancelled")
