"""GET /api/cases: the latest run's stage per case, from Postgres, paged."""

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
from temporalio.worker import Worker

from tests.support.case_ids import fresh_case_id
from tests.support.cases import add_fault
from tests.support.polling import eventually


async def insert_case(
    pool: asyncpg.Pool, case_id: str, stage: str, updated_at: datetime, runs: int = 1
) -> None:
    await pool.execute("INSERT INTO cases (case_id, case_number) VALUES ($1, $1)", case_id)
    for n in range(runs):  # older runs first; only the latest one counts
        await pool.execute(
            "INSERT INTO ingestion_runs (run_id, workflow_id, case_id, started_at, updated_at,"
            " stage) VALUES ($1, $2, $3, $4, $4, $5)",
            str(uuid.uuid4()),
            f"case-ingestion-{case_id}",
            case_id,
            updated_at - timedelta(hours=runs - n - 1),
            stage if n == runs - 1 else "failed",
        )


def far_future() -> datetime:
    """A time no other test's rows reach, so this test sees only its own rows."""
    return datetime(2100 + int(fresh_case_id(3)), 1, 1, tzinfo=UTC)


async def test_filters_by_stage_and_time_and_pages_without_gaps(
    api: httpx.AsyncClient, pg_pool: asyncpg.Pool
) -> None:
    base = far_future()
    ids = [fresh_case_id(12) for _ in range(5)]
    stages = ["needs_attention", "complete", "needs_attention", "needs_attention", "fetching"]
    for n, (case_id, stage) in enumerate(zip(ids, stages, strict=True)):
        await insert_case(pg_pool, case_id, stage, base + timedelta(minutes=n), runs=2)

    since = base.isoformat()
    attention = await api.get(
        "/api/cases", params={"stage": "needs_attention", "updated_since": since}
    )
    assert attention.status_code == 200, attention.text
    listed = [c["case_id"] for c in attention.json()["cases"]]
    assert listed == [ids[3], ids[2], ids[0]]  # newest change first
    assert {c["stage"] for c in attention.json()["cases"]} == {"needs_attention"}

    pages, cursor = [], None
    while True:
        params: dict[str, str | int] = {"updated_since": since, "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await api.get("/api/cases", params=params)).json()
        pages.append([c["case_id"] for c in page["cases"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == [[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]


async def test_rejects_unknown_stages_and_foreign_cursors(api: httpx.AsyncClient) -> None:
    assert (await api.get("/api/cases", params={"stage": "stuck"})).status_code == 422
    bad = await api.get("/api/cases", params={"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    [problem] = bad.json()["detail"]  # the documented validation-error shape
    assert problem["loc"] == ["query", "cursor"]
    assert problem["msg"] == "cursor is not one this API returned"


async def test_a_run_waiting_for_attention_is_listed_as_such(
    api: httpx.AsyncClient, sandbox: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    await add_fault(sandbox, case_id=new_case_id, source="at", kind="status", status=403)
    await api.post(f"/api/cases/{new_case_id}/extract")

    async def attention_ids() -> list[str]:
        answer = await api.get(
            "/api/cases",
            params={"stage": "needs_attention", "updated_since": started.isoformat()},
        )
        return [c["case_id"] for c in answer.json()["cases"]]

    await eventually(attention_ids, lambda ids: new_case_id in ids)
    await api.post(f"/api/cases/{new_case_id}/cancel")
    await eventually(attention_ids, lambda ids: new_case_id not in ids)
