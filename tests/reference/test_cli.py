"""`medallion reference …` as a user runs it: what it prints and its exit codes."""

import datetime
import json
from pathlib import Path
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from medallion.reference.standards_load import load_standards
from tests.gold import standards_files
from tests.gold.helpers import SilverCase, money, promote
from tests.support.cli import closed_port_url, run_cli
from tests.support.threaded_server import serve_in_thread

NO_API = "http://127.0.0.1:9"  # these commands talk to Postgres, never to the API


async def test_list_shows_the_shipped_tables_in_force_on_a_date(migrated_dsn: str) -> None:
    env = {"DATABASE_URL": migrated_dsn}
    result = await run_cli(NO_API, "reference", "list", "--on", "2024-06-30", "--json", env=env)
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    in_force = {(v["kind"], v["effective_from"]) for v in listed if v["in_force"]}
    assert ("housing_utilities", "2024-04-22") in in_force
    assert ("out_of_pocket_health", "2024-04-22") in in_force
    assert ("tax_tables", "2013-01-01") in in_force
    assert ("national_standards", "2025-04-21") not in in_force  # not yet effective


async def test_a_bad_file_exits_2_naming_the_file_and_line(
    migrated_dsn: str, tmp_path: Path
) -> None:
    path = standards_files.health(tmp_path, datetime.date(3500, 1, 1))
    path.write_text(path.read_text().replace("under_65,80", "under_65,-80"))
    result = await run_cli(
        NO_API, "reference", "load", "standards", str(path), env={"DATABASE_URL": migrated_dsn}
    )
    assert result.code == 2
    assert f"{path.name}, line 7: amount_per_person '-80' is not a positive amount" in " ".join(
        result.err.split()
    )


async def test_an_unreachable_database_exits_3() -> None:
    result = await run_cli(
        NO_API, "reference", "list", env={"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    )
    assert result.code == 3
    assert "Postgres is unavailable" in result.err


async def _stale_case(
    pool: asyncpg.Pool, case_id: str, tmp_path: Path, first: datetime.date
) -> Path:
    """A case whose Gold used the standards period from `first` (a date no other test loads);
    returns the file of a newer period that replaces it, not yet loaded."""
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    async with pool.acquire() as conn:
        await load_standards(conn, [standards_files.national(tmp_path / "first", first)])
    case = await SilverCase.create(pool, case_id)
    await case.snapshot(tp_house_members=2, exp_food=money("500.00"))
    await promote(case, as_of=first + datetime.timedelta(days=30))
    return standards_files.national(tmp_path / "second", first + datetime.timedelta(days=7))


async def test_rebuild_calls_the_api_the_global_options_name(
    migrated_dsn: str, pg_pool: asyncpg.Pool, new_case_id: str, tmp_path: Path
) -> None:
    newer = await _stale_case(pg_pool, new_case_id, tmp_path, datetime.date(2420, 4, 22))
    batches: list[dict[str, Any]] = []
    keys: list[str | None] = []

    async def batch(request: Request) -> JSONResponse:
        keys.append(request.headers.get("x-api-key"))
        body = await request.json()
        batches.append(body)
        started = len(body["case_ids"])
        return JSONResponse({"results": [], "started": started, "attached": 0, "rejected": 0})

    stand_in = Starlette(routes=[Route("/api/extract/batch", batch, methods=["POST"])])
    with serve_in_thread(stand_in, lifespan="off") as url:
        result = await run_cli(
            closed_port_url(),  # the environment's URL, which --api-url overrides
            *("--api-url", url, "--api-key", "k-reference"),
            *("reference", "load", "standards", str(newer), "--rebuild", "--json"),
            env={"DATABASE_URL": migrated_dsn},
        )

    assert result.code == 0, result.err
    sent = [case_id for body in batches for case_id in body["case_ids"]]
    assert new_case_id in sent
    assert {body["fetch"] for body in batches} == {False}
    assert keys == ["k-reference"] * len(batches)
    counts = {"cases": len(sent), "started": len(sent), "attached": 0, "rejected": 0}
    assert json.loads(result.out)["rebuild"] == counts


async def test_a_rebuild_the_api_cannot_start_exits_3_saying_the_load_is_done(
    migrated_dsn: str, pg_pool: asyncpg.Pool, new_case_id: str, tmp_path: Path
) -> None:
    newer = await _stale_case(pg_pool, new_case_id, tmp_path, datetime.date(2430, 4, 22))
    result = await run_cli(
        closed_port_url(),
        *("reference", "load", "standards", str(newer), "--rebuild"),
        env={"DATABASE_URL": migrated_dsn},
    )
    assert result.code == 3
    assert "rebuild not started (the load is done): cannot reach the API" in result.err
