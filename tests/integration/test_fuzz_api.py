"""Schemathesis against the live OpenAPI schema of the test stack (API over HTTP, a real worker,
Temporal and Postgres): no 5xx, every response as documented, and garbage starts no workflow."""

import asyncio
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from temporalio.client import Client
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.threaded_server import serve_in_thread

API_KEY = "fuzz-test-key-0123456789"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# Bounded: a few examples per operation and phase; the whole run takes seconds, not minutes.
MAX_EXAMPLES = "6"
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


async def schemathesis(api_url: str, workdir: Path, *options: str) -> tuple[int, str]:
    """Run in `workdir`: schemathesis keeps a cache of its own in the working directory."""
    process = await asyncio.create_subprocess_exec(
        str(SCHEMATHESIS), "run", f"{api_url}/openapi.json",
        "--max-examples", MAX_EXAMPLES, "--checks", CHECKS, "--no-color",
        "--request-timeout", "20", "--seed", "1", "--workers", "2",
        "--header", f"X-API-Key: {API_KEY}",
        *options,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=workdir,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    text = out.decode(errors="replace")
    print(text)  # the summary, for whoever reads the test log
    assert process.returncode is not None
    return process.returncode, text


@pytest.fixture
def keyed_url(settings: Settings) -> Iterator[str]:
    """The API with a key: a mangled key header is garbage too, and must be refused."""
    keyed = settings.model_copy(update={"medallion_api_keys": SecretStr(API_KEY)})
    with serve_in_thread(create_app(keyed)) as url:
        yield url


async def workflows_on(client: Client, settings: Settings) -> list[str]:
    query = f'TaskQueue = "{settings.temporal_task_queue}"'
    return [w.id async for w in client.list_workflows(query)]


def accepted_case_ids(har: Path) -> set[str]:
    """Case ids named by every request the API accepted (2xx), in the path or the body."""
    accepted: set[str] = set()
    for entry in json.loads(har.read_text())["log"]["entries"]:
        if not 200 <= entry["response"]["status"] < 300:
            continue
        request = entry["request"]
        accepted.update(re.findall(r"/(\d{1,12})(?:/|$|\?)", request["url"]))
        accepted.update(
            re.findall(r"\"(\d{1,12})\"", (request.get("postData") or {}).get("text", ""))
        )
    return accepted


async def test_garbage_gets_4xx_as_documented_and_starts_no_workflow(
    keyed_url: str,
    api: httpx.AsyncClient,
    worker: Worker,
    temporal_client: Client,
    settings: Settings,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    har = tmp_path / "requests.har"
    # Fuzzing only: the examples phase sends the schema's own (valid) examples. The event stream
    # is left out, as in the positive run: when an earlier schemathesis run on the same stack
    # started a case this run's ids hit, its stream answers with events schemathesis cannot
    # match to the schema's plain string, so the result depended on the order tests ran in.
    code, out = await schemathesis(
        keyed_url, tmp_path, "--mode", "negative", "--phases", "fuzzing",
        "--exclude-path-regex", "events$",
        "--report", "har", "--report-har-path", str(har),
    )  # fmt: skip

    assert code == 0, out
    # A workflow started now is listed after any the fuzzing may have started.
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    started = {
        w.removeprefix("case-ingestion-") for w in await workflows_on(temporal_client, settings)
    }
    assert new_case_id in started
    assert started - {new_case_id} <= accepted_case_ids(har), "a refused request started a run"


async def test_valid_reads_answer_as_documented(
    keyed_url: str, worker: Worker, tmp_path: Path
) -> None:
    code, out = await schemathesis(
        keyed_url,
        tmp_path,
        *("--mode", "positive", "--phases", "examples,fuzzing", "--include-method", "GET"),
        *("--exclude-path-regex", "events$"),  # a stream: it answers until the run closes
    )

    assert code == 0, out
