"""The OpenAPI schema is a contract a client can trust: schemathesis, through its Python API,
runs every phase (examples, coverage, fuzzing, stateful) and every check against the live app
(API over HTTP, a real worker, Temporal and Postgres), with keys configured and in open mode,
and finds nothing. Bounded: a few examples per operation, well under a minute per mode."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from pydantic import SecretStr
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, from_schema
from schemathesis.engine.events import FatalError, NonFatalError, ScenarioFinished
from schemathesis.engine.recorder import CheckFailureInfo
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.settings import Settings
from tests.support.threaded_server import serve_in_thread

API_KEY = "contract-test-key-0123456789"
MAX_EXAMPLES = 3
STATEFUL_STEPS = 5
READINESS = ["2XX", "3XX", "4XX", 503]


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


def contract_config(api_key: str | None) -> SchemathesisConfig:
    config: dict[str, object] = {
        "seed": 1,
        "workers": 1,
        "request-timeout": 20,
        "max-redirects": 0,  # the UI routes redirect to the Temporal UI, not part of this API
        "generation": {"max-examples": MAX_EXAMPLES},
        "phases": {"stateful": {"max-steps": STATEFUL_STEPS}},
        "operations": [
            # Readiness answers 503, as documented, while a worker is too busy to poll.
            {
                "include-path-regex": "/health",
                "checks": {"not_a_server_error": {"expected-statuses": READINESS}},
            },
            # The coverage phase's valid batch at the limit is 1,000 new cases: minutes of work
            # for the worker on a test machine. Its invalid batches (1,001 ids, bad items) go.
            {
                "include-path": "/api/extract/batch",
                "phases": {"coverage": {"generation": {"mode": "negative"}}},
            },
        ],
    }
    if api_key:
        config["headers"] = {"X-API-Key": api_key}
    return SchemathesisConfig.from_dict(config)


def problems_found(served: Served) -> list[str]:
    """Every failed check and every error of a full run, one line each."""
    schema = schemathesis.openapi.from_url(
        f"{served.url}/openapi.json", config=contract_config(served.api_key)
    ).exclude(path_regex=r"/events$")  # a stream answers until its run closes: no timely answer
    found: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, ScenarioFinished):
            for checks in event.recorder.checks.values():
                found += [
                    f"{event.phase} {event.label}: {check.name}: {_described(check.failure_info)}"
                    for check in checks
                    if check.status == Status.FAILURE
                ]
        elif isinstance(event, NonFatalError):
            found.append(f"error in {event.label}: {event.value!r}")
        elif isinstance(event, FatalError):
            found.append(f"fatal error: {event.exception!r}")
    return sorted(set(found))


def _described(info: CheckFailureInfo | None) -> str:
    """What failed and the request that shows it (curl), for whoever reads the assertion."""
    if info is None:
        return "no detail"
    return f"{info.failure.title}\n{info.failure.message}\n{info.code_sample}"


async def test_schemathesis_finds_nothing(served: Served, worker: Worker) -> None:
    # In a thread: the worker runs on this test's event loop, which must keep turning.
    assert await asyncio.to_thread(problems_found, served) == []
