"""One trace per case: the POST, the workflow, each activity, each source call and each
promotion's SQL, recorded with the SDK's in-memory exporter from the API and worker in-process."""

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from medallion.platform.settings import Settings
from medallion.platform.temporal import data_converter
from medallion.platform.tracing import Tracing
from tests.support.cases import wait_for_status
from tests.support.identifiers import interview_identifiers
from tests.support.polling import eventually
from tests.support.threaded_server import serve_in_thread
from tests.support.worker_process import worker_process
from worker import build_worker, source_clients
from workflows.models import SOURCES, workflow_id_for

EXTRACT_ROUTE = "POST /api/cases/{case_id}/extract"


@dataclass
class Traced:
    api: httpx.AsyncClient
    spans: InMemorySpanExporter


@pytest.fixture
def tracing() -> Iterator[tuple[Tracing, InMemorySpanExporter]]:
    exporter = InMemorySpanExporter()
    tracing = Tracing.with_processor("medallion-test", SimpleSpanProcessor(exporter))
    tracing.instrument_libraries()
    try:
        yield tracing, exporter
    finally:
        tracing.shutdown()


@pytest_asyncio.fixture(loop_scope="session")
async def traced(
    tracing: tuple[Tracing, InMemorySpanExporter],
    temporal_env: WorkflowEnvironment,
    settings: Settings,
    pg_pool: asyncpg.Pool,
) -> AsyncIterator[Traced]:
    """The API and a worker, both traced into one exporter, as two processes would be."""
    provider, exporter = tracing
    config = temporal_env.client.config()
    config["data_converter"] = data_converter(settings)
    config["interceptors"] = provider.temporal_interceptors()
    client = Client(**config)
    async with source_clients(settings) as (tiparser, casehelper):  # noqa: SIM117
        async with build_worker(client, settings, pg_pool, tiparser, casehelper):
            with serve_in_thread(create_app(settings, tracing=provider)) as url:
                async with httpx.AsyncClient(base_url=url, timeout=30) as api:
                    yield Traced(api, exporter)


def descendants(spans: list[ReadableSpan], root: ReadableSpan) -> list[ReadableSpan]:
    children: dict[int, list[ReadableSpan]] = {}
    for span in spans:
        if span.parent is not None:
            children.setdefault(span.parent.span_id, []).append(span)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop().context.span_id, []):
            found.append(child)
            todo.append(child)
    return found


def parsed(line: str) -> dict[str, object] | None:
    """A JSON log line; None for the console exporter's multi-line span output."""
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def named(spans: list[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def tree(spans: list[ReadableSpan], root: ReadableSpan, depth: int = 0) -> list[str]:
    """The span names as an indented tree, for the failure message."""
    lines = ["  " * depth + root.name]
    for child in sorted(
        (s for s in spans if s.parent and s.parent.span_id == root.context.span_id),
        key=lambda s: s.start_time or 0,
    ):
        lines += tree(spans, child, depth + 1)
    return lines


async def test_one_trigger_gives_one_trace_down_to_source_calls_and_sql(
    traced: Traced, new_case_id: str
) -> None:
    posted = await traced.api.post(f"/api/cases/{new_case_id}/extract")
    assert posted.status_code in (200, 201, 202), posted.text
    await wait_for_status(traced.api, new_case_id, "complete")

    spans = list(traced.spans.get_finished_spans())
    (post,) = named(spans, EXTRACT_ROUTE)
    case_trace = [s for s in spans if s.context.trace_id == post.context.trace_id]
    # The root is the test's own request: httpx is traced in this process too.
    (root,) = [s for s in case_trace if s.parent is None]
    shape = "\n".join(tree(case_trace, root))

    below_post = descendants(case_trace, post)
    names = {span.name for span in below_post}
    assert "StartWorkflow:CaseIngestionWorkflow" in names, shape
    assert "RunWorkflow:CaseIngestionWorkflow" in names, shape
    # Every activity of the case ran in the POST's trace, none in a trace of its own.
    workflow_id = workflow_id_for(new_case_id)
    activity_runs = [
        s
        for s in spans
        if s.name.startswith("RunActivity:")
        and (s.attributes or {}).get("temporalWorkflowID") == workflow_id
    ]
    assert activity_runs and all(s in below_post for s in activity_runs), shape
    # Each source call is an HTTP span under its fetch activity.
    fetches = named(below_post, "RunActivity:fetch_source")
    assert len(fetches) >= len(SOURCES), shape
    for fetch in fetches:
        assert any(s.name in ("GET", "POST") for s in descendants(case_trace, fetch)), shape
    # Each promotion's SQL is spans under its activity.
    for promotion in ("RunActivity:promote_silver", "RunActivity:promote_gold"):
        (run,) = named(below_post, promotion)
        statements = [
            s for s in descendants(case_trace, run) if (s.attributes or {}).get("db.system")
        ]
        assert statements, shape
    print(shape)  # the tree, for a reader of `pytest -s`


async def test_a_case_a_schedule_starts_gets_one_trace_too(
    traced: Traced, new_case_id: str
) -> None:
    name = f"trace-{new_case_id}"
    body = {"name": name, "case_ids": [new_case_id], "every_s": 3600, "paused": True}
    assert (await traced.api.post("/api/schedules", json=body)).status_code == 201
    try:
        assert (await traced.api.post(f"/api/schedules/{name}/trigger")).status_code == 204
        await wait_for_status(traced.api, new_case_id, "complete")
    finally:
        await traced.api.delete(f"/api/schedules/{name}")

    spans = list(traced.spans.get_finished_spans())
    workflow_id = workflow_id_for(new_case_id)
    activity_runs = [
        s
        for s in spans
        if s.name.startswith("RunActivity:")
        and (s.attributes or {}).get("temporalWorkflowID") == workflow_id
    ]
    # No request started it: the refresh workflow's start of the case is the trace's root.
    (root,) = [
        s
        for s in named(spans, "StartChildWorkflow:CaseIngestionWorkflow")
        if s.context.trace_id in {r.context.trace_id for r in activity_runs}
    ]
    case_run = descendants(spans, root)
    assert root.parent is None
    assert "RunWorkflow:CaseIngestionWorkflow" in {s.name for s in case_run}
    assert len(activity_runs) > len(SOURCES)
    assert all(s in case_run for s in activity_runs)


async def test_a_worker_process_traces_when_the_environment_asks_and_logs_name_the_trace(
    api: httpx.AsyncClient,
    settings: Settings,
    pg_pool: asyncpg.Pool,
    new_case_id: str,
    tmp_path: Path,
) -> None:
    worker = worker_process(settings, tmp_path, OTEL_TRACES_EXPORTER="console").start()
    try:
        await eventually(lambda: api.get("/api/health/ready"), lambda r: r.status_code == 200)
        await api.post(f"/api/cases/{new_case_id}/extract")
        await wait_for_status(api, new_case_id, "complete")
    finally:
        worker.stop()  # flushes the spans on the way out

    output = worker.log_path.read_text()
    lines = [log_line for line in output.splitlines() if (log_line := parsed(line))]
    traced_lines = [
        line for line in lines if line.get("case_id") == new_case_id and line.get("trace_id")
    ]
    assert traced_lines, "no log line of the case names its trace"
    # The console exporter prints each span as JSON, its trace id as 0x<hex>.
    assert f'"trace_id": "0x{traced_lines[0]["trace_id"]}"' in output
    assert '"name": "RunActivity:fetch_source"' in output
    identifiers = await interview_identifiers(pg_pool, new_case_id)
    assert identifiers, "the sandbox interview carries identifiers: the test needs them"
    for identifier in identifiers:
        assert identifier not in output, "a taxpayer identifier reached a span or a log line"
