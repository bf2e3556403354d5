"""The Postgres DSN carries TLS options (sslmode, sslrootcert, ...): asyncpg honours them.

A stand-in server on loopback records the first message a client sends and refuses TLS: with
`sslmode=require` asyncpg must open with an SSLRequest and give up when TLS is refused; with
`sslmode=disable` it must start in plain text. So the option in the DSN is read, not ignored.
"""

import asyncio
import struct
from collections.abc import AsyncIterator

import asyncpg
import pytest
import pytest_asyncio

from medallion.platform.db import create_pool

SSL_REQUEST_CODE = 80877103  # PostgreSQL protocol: the SSLRequest message's code


@pytest_asyncio.fixture(loop_scope="session")
async def refusing_server() -> AsyncIterator[tuple[int, list[int]]]:
    """A server that answers 'N' (no TLS) to an SSLRequest; yields its port and opening codes."""
    codes: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _, code = struct.unpack("!ii", await reader.readexactly(8))
            codes.append(code)
            if code == SSL_REQUEST_CODE:
                writer.write(b"N")
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield port, codes


async def test_sslmode_require_asks_for_tls_and_stops_when_refused(
    refusing_server: tuple[int, list[int]],
) -> None:
    port, codes = refusing_server
    dsn = f"postgresql://app:pw@127.0.0.1:{port}/medallion?sslmode=require"
    with pytest.raises(ConnectionError, match="SSL"):
        await create_pool(dsn, min_size=1)
    assert codes and set(codes) == {SSL_REQUEST_CODE}


async def test_sslmode_disable_starts_without_tls(refusing_server: tuple[int, list[int]]) -> None:
    port, codes = refusing_server
    dsn = f"postgresql://app:pw@127.0.0.1:{port}/medallion?sslmode=disable"
    with pytest.raises(asyncpg.ConnectionDoesNotExistError):  # the stand-in hangs up
        await create_pool(dsn, min_size=1)
    assert codes and SSL_REQUEST_CODE not in codes
