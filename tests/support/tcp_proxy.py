"""A TCP proxy a test can cut, to play a database outage without touching the shared server.

It runs on a loop of its own in a thread, so clients on any loop or thread can use it.
"""

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from medallion.devstack.processes import free_port

Connect = Callable[[], Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to a target; `cut()` drops every connection and refuses new
    ones until `restore()`."""

    def __init__(self, connect: Connect) -> None:
        self._connect = connect
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def start(self) -> None:
        self._run(self._listen())

    def cut(self) -> None:
        self._run(self._cut())

    def restore(self) -> None:
        self._run(self._listen())

    def close(self) -> None:
        self._run(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _run(self, work: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        # A port from below the ephemeral range: no outgoing connection can take it while cut.
        self.port = self.port or free_port()
        self._server = await asyncio.start_server(self._link, "127.0.0.1", self.port)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _shutdown(self) -> None:
        await self._cut()
        links = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in links:
            task.cancel()
        await asyncio.gather(*links, return_exceptions=True)

    async def _link(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await self._connect()
        except OSError:
            client_w.transport.abort()
            return
        self._links.update((client_w, server_w))
        await asyncio.gather(
            _pipe(client_r, server_w), _pipe(server_r, client_w), return_exceptions=True
        )
        for writer in (client_w, server_w):
            self._links.discard(writer)
            writer.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.CancelledError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()


def postgres_proxy(dsn: str) -> tuple[CuttableProxy, Callable[[], str]]:
    """A proxy in front of the Postgres of `dsn` (TCP or Unix socket), and the DSN through it
    (valid once the proxy has started)."""
    parts = urlsplit(dsn)
    query = parse_qs(parts.query)
    socket_dir = query.pop("host", [None])[0]
    port = parts.port or 5432
    if socket_dir:
        socket = str(Path(socket_dir) / f".s.PGSQL.{port}")
        proxy = CuttableProxy(lambda: asyncio.open_unix_connection(socket))
    else:
        host = parts.hostname or "127.0.0.1"
        proxy = CuttableProxy(lambda: asyncio.open_connection(host, port))
    user = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""

    def proxied() -> str:
        netloc = f"{user}@127.0.0.1:{proxy.port}" if user else f"127.0.0.1:{proxy.port}"
        flat = {key: values[0] for key, values in query.items()}
        return urlunsplit(parts._replace(netloc=netloc, query=urlencode(flat)))

    return proxy, proxied
