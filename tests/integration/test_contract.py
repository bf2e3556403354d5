"""The OpenAPI schema is a contract a client can trust: schemathesis, through its Python API
(`tests/support/contract_run.py`), runs every phase (examples, coverage, fuzzing, stateful) and
every check against the live app (API over HTTP, a real worker, Temporal and Postgres), with keys
configured and in open mode, and finds nothing. Bounded: a few examples per operation, well under
a minute per mode."""

import asyncio
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.settings import Settings
from tests.support.threaded_server import serve_in_thread

API_KEY = "contract-test-key-0123456789"
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    url: str
    api_key: str | None


@pytest.fixture(params=["keys", "open"])
def served(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Served]:
    key = API_KEY if request.param == "keys" else None
    configured = settings.model_copy(
        update={
            "medallion_api_keys": SecretStr(key) if key else None,
            # async_mode=false answers by then, well inside the request timeout.
            "sync_wait_timeout_s": 2,
        }
    )
    with serve_in_thread(create_app(configured)) as url:
        yield Served(url, key)
        _delete_schedules(url, key)  # those fuzzing created would start runs every minute


def _delete_schedules(url: str, key: str | None) -> None:
    headers = {"X-API-Key": key} if key else {}
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for schedule in client.get("/api/schedules").json():
            client.delete(f"/api/schedules/{schedule['name']}")


async def test_schemathesis_finds_nothing(served: Served, worker: Worker) -> None:
    # A child process (tests/support/contract_run.py says why); the worker runs on this test's
    # event loop, which keeps turning meanwhile.
    key = [served.api_key] if served.api_key else []
    run = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.contract_run", served.url, *key,
        cwd=REPO_ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    output, _ = await run.communicate()
    assert run.returncode == 0
    assert json.loads(output) == []
