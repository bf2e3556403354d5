import asyncpg
from asyncpg.pool import PoolConnectionProxy

# What database functions accept: a plain connection or one borrowed from a pool.
Connection = asyncpg.Connection | PoolConnectionProxy


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, reset=_keep_session_state
    )
    assert pool is not None
    return pool


async def _keep_session_state(conn: asyncpg.Connection) -> None:
    """Replaces asyncpg's reset query on release (RESET ALL, UNLISTEN *, advisory unlock, CLOSE
    ALL): our code sets no session state (locks are transaction-scoped), so the round trip on
    every release bought nothing. asyncpg still rolls back an open transaction first."""
