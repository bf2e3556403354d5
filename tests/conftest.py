"""Session-wide real services: embedded Postgres (migrated) for every test that asks for it.

Tests share one database, so each test works on its own fresh case ids (`new_case_id`).
"""

import os
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import pytest_asyncio

from medallion.devstack.postgres import EmbeddedPostgres
from medallion.platform.migrate import apply_migrations
from tests.support.case_ids import fresh_case_id
from tests.support.sandbox_server import run_in_thread
from tests.support.scratch import scratch_dir


@pytest.fixture(scope="session", autouse=True)
def no_stack_file() -> Iterator[None]:
    """A developer's running `make run` leaves .data/stack.env; tests never read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEDALLION_STACK_FILE", os.devnull)
        yield


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    with scratch_dir() as scratch:
        server = EmbeddedPostgres(scratch / "data")
        dsn = server.start()
        try:
            yield dsn
        finally:
            server.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def migrated_dsn(pg_dsn: str) -> str:
    await apply_migrations(pg_dsn)
    return pg_dsn


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def pg_pool(migrated_dsn: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await asyncpg.create_pool(migrated_dsn, min_size=1, max_size=8)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture
def sandbox_url() -> Iterator[str]:
    """A sandbox of the test's own: its faults, sessions, revisions and request log start empty
    and no other test can touch them."""
    with run_in_thread() as url:
        yield url


@pytest.fixture
def new_case_id() -> str:
    """A case id no other test uses."""
    return fresh_case_id()
