"""The webhook tests' stack: the integration stack with a delivery schedule of seconds, and an
empty subscription table around each test (a subscription matches every build, so a test owns
them all while it runs)."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio

from medallion.platform.settings import Settings

# Seconds, not hours: an attempt times out after 2 s (ample on loopback, even on a loaded
# machine); retries 0.2-0.4 s apart, for 20 s at most.
FAST_DELIVERY = {
    "webhook_timeout_s": 2.0,
    "webhook_retry_initial_s": 0.2,
    "webhook_retry_max_interval_s": 0.4,
    "webhook_retry_window_s": 20.0,
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update=FAST_DELIVERY)


@pytest_asyncio.fixture(loop_scope="session", autouse=True)
async def no_subscriptions(pg_pool: asyncpg.Pool) -> AsyncIterator[None]:
    await pg_pool.execute("DELETE FROM webhook_subscriptions")
    yield
    await pg_pool.execute("DELETE FROM webhook_subscriptions")
