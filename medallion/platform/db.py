from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

# What database functions accept: a plain connection or one borrowed from a pool.
Connection = asyncpg.Connection | PoolConnectionProxy

# The database is down, restarting or dropped the connection: the same write works later.
UNREACHABLE_ERRORS: tuple[type[Exception], ...] = (
    OSError,  # ConnectionRefusedError, ConnectionResetError, socket timeouts
    TimeoutError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.exceptions.OperatorInterventionError,  # 57: shutting down, starting up
    asyncpg.InterfaceError,  # connection closed under the pool
)

# Values the database refuses (NUL in text, an invalid escape, a lone surrogate the driver
# cannot encode): the same write fails every time.
# The largest value of a Postgres bigint (a bigserial id): a larger id can name no row.
BIGINT_MAX = 2**63 - 1

DATA_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.DataError,
    asyncpg.IntegrityConstraintViolationError,
    UnicodeError,
)


def storable_text(text: str) -> str:
    """`text` with what Postgres text and jsonb cannot hold (NUL, lone surrogates) replaced."""
    if text.isascii() and "\x00" not in text:
        return text
    return "".join(
        "\ufffd" if char == "\x00" or 0xD800 <= ord(char) <= 0xDFFF else char for char in text
    )


async def create_pool(
    dsn: str,
    *,
    min_size: int = 1,
    max_size: int = 10,
    init: Callable[[asyncpg.Connection], Coroutine[Any, Any, None]] | None = None,
) -> asyncpg.Pool:
    """`init`, when given, runs on each new connection."""
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, reset=_keep_session_state, init=init
    )
    assert pool is not None
    return pool


async def _keep_session_state(conn: asyncpg.Connection) -> None:
    """Replaces asyncpg's reset query on release (RESET ALL, UNLISTEN *, advisory unlock, CLOSE
    ALL): our code sets no session state (locks are transaction-scoped), so the round trip on
    every release bought nothing. asyncpg still rolls back an open transaction first."""
