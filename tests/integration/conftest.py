"""Real Temporal (the CLI dev server), the sandbox sources over loopback HTTP, a worker and the
API over HTTP. Each test gets its own task queue, so workers of different tests never mix."""

import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
import pytest_asyncio
from pydantic import SecretStr
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from api.main import create_app
from medallion.devstack.processes import free_port
from medallion.devstack.temporal import temporal_binary
from medallion.platform.codec import new_codec_key
from medallion.platform.settings import Settings
from medallion.platform.temporal import data_converter
from medallion.platform.tls import client_tls
from tests.support.case_ids import fresh_case_id
from tests.support.cases import pin_canonical_profile
from tests.support.threaded_server import serve_in_thread
from worker import WorkerSet, build_worker, source_clients
from workflows.case_ingestion import CASE_ID, INGESTION_STAGE


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(temporal_binary()),
        search_attributes=[CASE_ID, INGESTION_STAGE],
        dev_server_log_level="error",
        port=free_port(),  # the SDK's own pick is from the ephemeral range
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture(autouse=True)
def runs_end_with_their_test(request: pytest.FixtureRequest) -> None:
    """A test's task queue dies with it, so a run the test leaves open would stay open for good
    under its case id. A later test triggering that case (the OpenAPI examples' id, say) would
    attach to it, or wait out ENDING_WAIT for an end that never comes. Requested first, so torn
    down last: once the test's workers have stopped."""
    if "settings" in request.fixturenames:
        request.getfixturevalue("open_runs_terminated")


@pytest_asyncio.fixture(loop_scope="session")
async def open_runs_terminated(
    settings: Settings, temporal_env: WorkflowEnvironment
) -> AsyncIterator[None]:
    yield
    query = f"TaskQueue = '{settings.temporal_task_queue}' AND ExecutionStatus = 'Running'"
    async for run in temporal_env.client.list_workflows(query):
        handle = temporal_env.client.get_workflow_handle(run.id, run_id=run.run_id)
        with contextlib.suppress(RPCError):  # it ended meanwhile
            await handle.terminate(reason="its test ended")


@pytest_asyncio.fixture(loop_scope="session")
async def sandbox(sandbox_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The admin API of the test's own sandbox."""
    async with httpx.AsyncClient(base_url=sandbox_url, timeout=10, verify=client_tls()) as client:
        yield client


@pytest_asyncio.fixture(loop_scope="session")
async def new_case_id(sandbox: httpx.AsyncClient) -> str:
    """A fresh case id the sandbox serves in its canonical shapes (random ids vary)."""
    case_id = fresh_case_id()
    await pin_canonical_profile(sandbox, case_id)
    return case_id


@pytest.fixture(scope="session")
def codec_keys() -> str:
    """The session's payload keys (MEDALLION_CODEC_KEYS form): a current one and a retired one."""
    return ",".join(new_codec_key(name).to_setting() for name in ("test-current", "test-retired"))


@pytest.fixture
def temporal_client(temporal_env: WorkflowEnvironment, settings: Settings) -> Client:
    """A client of the test server with the product's data converter (payloads encrypted)."""
    config = temporal_env.client.config()
    config["data_converter"] = data_converter(settings)
    return Client(**config)


@pytest.fixture
def settings(
    migrated_dsn: str, temporal_env: WorkflowEnvironment, sandbox_url: str, codec_keys: str
) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        medallion_codec_keys=SecretStr(codec_keys),
        database_url=migrated_dsn,
        temporal_address=temporal_env.client.service_client.config.target_host,
        temporal_task_queue=f"case-ingestion-test-{uuid.uuid4()}",
        sandbox_url=sandbox_url,
        fetch_max_attempts=2,
        needs_attention_timeout_s=120,
        medallion_webhook_block_private=False,  # the tests' webhook receivers are on loopback
    )


@pytest_asyncio.fixture(loop_scope="session")
async def worker(
    temporal_client: Client, settings: Settings, pg_pool: asyncpg.Pool
) -> AsyncIterator[WorkerSet]:
    async with source_clients(settings) as (tiparser, casehelper):
        running = build_worker(temporal_client, settings, pg_pool, tiparser, casehelper)
        async with running:
            yield running


@pytest.fixture
def api_url(settings: Settings) -> Iterator[str]:
    with serve_in_thread(create_app(settings)) as url:
        yield url


@pytest_asyncio.fixture(loop_scope="session")
async def api(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30, verify=client_tls()) as client:
        yield client
