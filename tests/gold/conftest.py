import asyncpg
import pytest_asyncio

from tests.gold.helpers import SilverCase


@pytest_asyncio.fixture
async def case(pg_pool: asyncpg.Pool, new_case_id: str) -> SilverCase:
    """A fresh case with one Bronze payload per source and no Silver rows yet."""
    return await SilverCase.create(pg_pool, new_case_id)
