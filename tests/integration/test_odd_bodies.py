"""Any 200 body is kept in Bronze byte for byte, whatever its bytes (issue 8.2)."""

import asyncpg
import httpx
import pytest
from temporalio.worker import Worker

from sandbox.app import TIPARSER_PREFIX
from sandbox.fault_responses import ODD_BODIES
from tests.support.cases import add_fault, wait_for_status


@pytest.mark.parametrize("kind", sorted(ODD_BODIES))
async def test_a_body_postgres_cannot_hold_as_json_is_kept_whole_and_fails_for_good(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    kind: str,
) -> None:
    await add_fault(sandbox, case_id=new_case_id, source="wi", kind=kind)
    sent = (await sandbox.get(f"{TIPARSER_PREFIX}/analysis/wi/{new_case_id}")).content
    await api.post(f"/api/cases/{new_case_id}/extract")

    report = await wait_for_status(api, new_case_id, "needs_attention")

    wi = report["bronze"]["sources"]["wi"]
    assert (wi["state"], wi["outcome"], wi["attempts"]) == ("failed", "contract_error", 1)
    assert "not storable JSON" in wi["last_error"]
    # The case's message quotes the activity's own words, not a parser's exception.
    assert report["message"].startswith("Source wi failed: contract_error: TiParser WI for case")
    kept = await pg_pool.fetch(
        "SELECT payload_kind, raw_bytes, raw_payload, payload_bytes FROM bronze_payloads"
        " WHERE case_id = $1 AND source = 'wi'",
        new_case_id,
    )
    assert [dict(row) for row in kept] == [
        {
            "payload_kind": "non_json",
            "raw_bytes": sent,
            "raw_payload": None,
            "payload_bytes": len(sent),
        }
    ]
    attempts = await pg_pool.fetch(
        "SELECT outcome, bronze_id IS NOT NULL AS linked FROM bronze_fetch_attempts"
        " WHERE case_id = $1 AND source = 'wi'",
        new_case_id,
    )
    assert [tuple(a) for a in attempts] == [("contract_error", True)]
    await api.post(f"/api/cases/{new_case_id}/cancel")
    await wait_for_status(api, new_case_id, "cancelled")


async def test_a_large_text_body_is_kept_whole(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    body = "maintenance " * 200_000  # 2.4 MB, beyond any 1 MiB cap
    await add_fault(
        sandbox, case_id=new_case_id, source="trt", kind="status", status=200, body=body
    )
    await api.post(f"/api/cases/{new_case_id}/extract")

    await wait_for_status(api, new_case_id, "needs_attention")

    kept = await pg_pool.fetchval(
        "SELECT raw_bytes FROM bronze_payloads WHERE case_id = $1 AND source = 'trt'", new_case_id
    )
    assert kept == body.encode()
    await api.post(f"/api/cases/{new_case_id}/cancel")
    await wait_for_status(api, new_case_id, "cancelled")


async def test_json_payloads_keep_their_bytes_beside_the_parsed_json(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
) -> None:
    sent = (
        await sandbox.get(
            f"{TIPARSER_PREFIX}/analysis/at/{new_case_id}",
            headers={"x-api-key": "sandbox-tiparser-key"},
        )
    ).content
    await api.post(f"/api/cases/{new_case_id}/extract")

    await wait_for_status(api, new_case_id, "complete")

    row = await pg_pool.fetchrow(
        "SELECT payload_kind, raw_bytes, raw_payload IS NOT NULL AS parsed FROM bronze_payloads"
        " WHERE case_id = $1 AND source = 'at'",
        new_case_id,
    )
    assert row is not None
    assert dict(row) == {"payload_kind": "json", "raw_bytes": sent, "parsed": True}
