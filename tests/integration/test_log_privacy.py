"""A real ingestion's worker log holds ids and counts, never the taxpayer's identifiers."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from medallion.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.polling import eventually
from tests.support.worker_process import worker_process

IDENTIFYING_KEYS = ("taxpayerName", "taxpayerSSN", "taxpayerDOB", "taxpayerEmail", "spouseName")


def values_under(node: Any, keys: tuple[str, ...]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str) and value:
                yield value
            yield from values_under(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from values_under(item, keys)


async def test_the_worker_log_names_the_case_but_not_the_taxpayer(
    api: httpx.AsyncClient,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    worker = worker_process(settings, tmp_path).start()
    try:
        await eventually(lambda: api.get("/api/health/ready"), lambda r: r.status_code == 200)
        await api.post(f"/api/cases/{new_case_id}/extract")
        await wait_for_status(api, new_case_id, "complete")
    finally:
        worker.stop()

    interview = await pg_pool.fetchval(
        "SELECT raw_payload FROM bronze_payloads WHERE case_id = $1 AND source = 'interview'",
        new_case_id,
    )
    identifiers = set(values_under(json.loads(interview), IDENTIFYING_KEYS))
    assert identifiers, "the sandbox interview carries identifiers: the test needs them"
    log = worker.log_path.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line.get("case_id") == new_case_id and line.get("run_id") for line in lines)
    for identifier in identifiers:
        assert identifier not in log, "a taxpayer identifier reached the log"
