"""`medallion changes` against the test stack: the case log, the feed, --follow, exit codes."""

import asyncio
import contextlib
import json
import os
import sys

import httpx
from temporalio.worker import Worker

from tests.integration.test_changes import bump, run_once
from tests.support.cli import run_cli


async def test_the_case_log_and_its_alerts_as_json(
    api_url: str, api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker,
    new_case_id: str,
) -> None:  # fmt: skip
    await run_once(api, new_case_id)
    await bump(sandbox, new_case_id)
    await run_once(api, new_case_id)

    table = await run_cli(api_url, "changes", new_case_id)
    alerts = await run_cli(api_url, "changes", new_case_id, "--severity", "alert", "--json")

    assert table.code == 0, table.err
    assert "collection_action_added" in table.out and "income_document_added" in table.out
    assert alerts.code == 0, alerts.err
    found = json.loads(alerts.out)
    assert found and {c["severity"] for c in found} == {"alert"}
    assert {c["case_id"] for c in found} == {new_case_id}


async def test_follow_prints_each_new_change_once(
    api_url: str, api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker,
    new_case_id: str,
) -> None:  # fmt: skip
    await run_once(api, new_case_id)
    process = await asyncio.create_subprocess_exec(
        # --since: whether the follow starts before or after the build, it prints its changes.
        sys.executable, "-m", "medallion.cli", "changes", new_case_id, "--follow", "--json",
        "--every", "0.2", "--since", "1h",
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "MEDALLION_API_URL": api_url},
    )  # fmt: skip
    assert process.stdout is not None
    try:
        await bump(sandbox, new_case_id)
        await run_once(api, new_case_id)
        logged = (await api.get(f"/api/cases/{new_case_id}/changes")).json()["changes"]
        printed = [
            json.loads(await asyncio.wait_for(process.stdout.readline(), 30)) for _ in logged
        ]
    finally:
        process.terminate()
        with contextlib.suppress(ProcessLookupError):
            await process.wait()
    assert sorted(c["change_id"] for c in printed) == sorted(c["change_id"] for c in logged)


async def test_bad_input_exits_2_and_an_unreachable_api_3(api_url: str) -> None:
    unknown_kind = await run_cli(api_url, "changes", "--kind", "levy")
    bad_since = await run_cli(api_url, "changes", "--since", "last tuesday")
    unreachable = await run_cli("http://127.0.0.1:9", "changes")

    assert unknown_kind.code == 2 and "collection_action_added" in unknown_kind.err
    assert bad_since.code == 2 and "since" in bad_since.err
    assert unreachable.code == 3 and "cannot reach the API" in unreachable.err
