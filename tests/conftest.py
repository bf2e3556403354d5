"""Session-wide real services: embedded Postgres (migrated) for every test that asks for it.

Tests share one database, so each test works on its own fresh case ids (`new_case_id`).
"""

import os
import random
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

# A developer's running `make run` leaves .data/stack.env; tests must never read it.
os.environ["MEDALLION_STACK_FILE"] = os.devnull

import asyncpg
import pytest
import pytest_asyncio

from medallion.devstack.postgres import EmbeddedPostgres
from medallion.migrate import apply_migrations
from sandbox.server import run_in_thread


@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = EmbeddedPostgres(Path(tmp_path_factory.mktemp("postgres")) / "data")
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


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    """One sandbox for the session; tests reset its state or work on their own case ids."""
    with run_in_thread() as url:
        yield url


_case_ids = random.Random()


@pytest.fixture
def new_case_id() -> str:
    """A case id no other test uses (10 digits, never starting with 0)."""
    return str(_case_ids.randint(10**9, 10**10 - 1))
