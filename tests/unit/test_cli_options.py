"""The `medallion` command's exit codes and global options, against a stand-in API (no stack):
2 for bad input decided before any call, 3 when the API or what it depends on is unavailable,
and `ingest` sending ids 1,000 a call, read from stdin."""

import json
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.routes.batch import MAX_BATCH
from medallion.cli.main import BATCH_SIZE, package_version
from tests.support.cli import closed_port_url, run_cli
from tests.support.threaded_server import serve_in_thread

KEY = "k-cli-0123"


class StandIn:
    """Answers the batch route as the API would, the status route with a 503; records calls."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.keys: list[str | None] = []

    async def batch(self, request: Request) -> JSONResponse:
        self.keys.append(request.headers.get("x-api-key"))
        ids = (await request.json())["case_ids"]
        self.batches.append(ids)
        results = [
            {"case_id": c, "status": "started", "workflow_id": f"case-ingestion-{c}"} for c in ids
        ]
        return JSONResponse(
            {"results": results, "started": len(ids), "attached": 0, "rejected": 0}, 202
        )

    async def temporal_down(self, request: Request) -> JSONResponse:
        return JSONResponse({"detail": "Temporal is unavailable"}, 503)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/extract/batch", self.batch, methods=["POST"]),
                Route("/api/cases/{case_id}/status", self.temporal_down),
            ]
        )


@pytest.fixture
def stand_in() -> Iterator[tuple[StandIn, str]]:
    api = StandIn()
    with serve_in_thread(api.app(), lifespan="off") as url:
        yield api, url


def test_the_batch_size_is_the_apis_limit() -> None:
    assert BATCH_SIZE == MAX_BATCH


async def test_version_prints_the_package_version() -> None:
    result = await run_cli(closed_port_url(), "--version")
    assert result.code == 0
    assert result.out.strip() == f"medallion {package_version()}"


@pytest.mark.parametrize(
    "args",
    [
        ("cases", "--stage", "stuck"),
        ("retry", "1295022", "--source", "irs"),
        ("ingest", "1295022", "12ab"),
        ("ingest",),
        ("--api-url", "localhost:8000", "cases"),
    ],
    ids=["stage", "source", "case-id", "no-ids", "url"],
)
async def test_bad_input_exits_2_before_any_call(args: tuple[str, ...]) -> None:
    # Nothing listens at the URL: had the command called the API it would exit 3.
    result = await run_cli(closed_port_url(), *args)
    assert result.code == 2, result.out + result.err


async def test_an_unreachable_api_exits_3() -> None:
    url = closed_port_url()
    result = await run_cli(url, "cases")
    assert result.code == 3
    assert f"cannot reach the API at {url}" in result.err


async def test_a_dependency_the_api_reports_down_exits_3(stand_in: tuple[StandIn, str]) -> None:
    _, url = stand_in
    result = await run_cli(url, "status", "1295022")
    assert result.code == 3
    assert "503: Temporal is unavailable" in result.err


async def test_ingest_reads_ids_from_stdin_and_sends_them_1000_a_call(
    stand_in: tuple[StandIn, str],
) -> None:
    api, url = stand_in
    ids = [str(1_000_000 + n) for n in range(2_500)]
    lines = "\n".join(ids[:2000]) + "\n" + " ".join(ids[2000:]) + "\n" + ids[0]  # one repeated

    result = await run_cli(url, "ingest", "--from", "-", "--json", stdin=lines)

    assert result.code == 0, result.err
    assert [len(batch) for batch in api.batches] == [1000, 1000, 500]
    assert [c for batch in api.batches for c in batch] == ids
    assert [item["case_id"] for item in json.loads(result.out)] == ids


async def test_the_global_options_override_the_environment(stand_in: tuple[StandIn, str]) -> None:
    api, url = stand_in
    result = await run_cli(
        closed_port_url(),
        *("--api-url", url, "--api-key", KEY, "ingest", "1295022"),
        env={"MEDALLION_API_KEY": "from-the-environment"},
    )

    assert result.code == 0, result.err
    assert api.keys == [KEY]
    assert "1295022  started  case-ingestion-1295022" in result.out
