"""Two `python worker.py` processes on one task queue share 100 cases; one is killed mid-run
(SIGKILL, no drain) and every case still completes on the other."""

import json
from pathlib import Path

import asyncpg
import httpx

from medallion.platform.settings import Settings
from tests.support.case_ids import fresh_case_id
from tests.support.cases import pin_canonical_profile
from tests.support.polling import eventually
from tests.support.worker_process import worker_process

CASES = 100
_COUNT_IN_STAGE = "SELECT count(*) FROM ingestion_runs WHERE case_id = ANY($1) AND stage = $2"


def cases_stored_by(log: Path) -> set[str]:
    """Case ids of the fetches this worker stored, from its JSON log lines."""
    found = set()
    for line in log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("event") == "fetch stored":
            found.add(entry["case_id"])
    return found


async def test_a_killed_worker_leaves_no_case_behind(
    api: httpx.AsyncClient,
    sandbox: httpx.AsyncClient,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    tmp_path: Path,
) -> None:
    case_ids = [fresh_case_id() for _ in range(CASES)]
    for case_id in case_ids:
        await pin_canonical_profile(sandbox, case_id)
    doomed = worker_process(settings, tmp_path, "doomed").start()
    survivor = worker_process(settings, tmp_path, "survivor").start()
    try:
        await eventually(
            lambda: api.get("/api/health/ready"),
            lambda r: r.json()["workers"] == "2 polling",
            timeout_s=60,
        )
        batch = await api.post("/api/extract/batch", json={"case_ids": case_ids})
        assert batch.json()["started"] == CASES, batch.text

        async def stored_by_both() -> tuple[set[str], set[str]]:
            return cases_stored_by(doomed.log_path), cases_stored_by(survivor.log_path)

        await eventually(stored_by_both, lambda both: all(both), timeout_s=120)

        async def complete() -> int:
            return await pg_pool.fetchval(  # type: ignore[no-any-return]
                _COUNT_IN_STAGE, case_ids, "complete"
            )

        assert await complete() < CASES, "every case finished before the kill: nothing tested"
        doomed.kill()

        await eventually(complete, lambda n: n == CASES, timeout_s=300, every_s=1)
    finally:
        doomed.kill()
        survivor.stop()

    assert cases_stored_by(doomed.log_path) and cases_stored_by(survivor.log_path)
