"""The load phases' HTTP client: HTTP/1.1 over a few kept-alive connections, nothing more.

The load generator shares the machine's cores with the stack it measures; httpx spent more CPU
per status read than the API itself did (2.0–2.7 ms against 1.7–2.1 ms), so the latencies
measured were largely the generator's own queue. This client writes one request line and reads
one `Content-Length` body: a fraction of that. It serves only the benchmark's requests, to our
own API, which always answers with a length (no chunked bodies, no redirects, no TLS).
"""

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class LoadClient:
    """Up to `connections` requests in flight, each on a connection of its own."""

    def __init__(self, base_url: str, connections: int) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or parts.hostname is None or parts.port is None:
            raise ValueError(f"expected http://host:port, got {base_url}")
        self._host, self._port = parts.hostname, parts.port
        self._slots = asyncio.Semaphore(connections)
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._all: list[asyncio.StreamWriter] = []

    async def request(self, method: str, path: str) -> Answer:
        request = (
            f"{method} {path} HTTP/1.1\r\nHost: {self._host}:{self._port}\r\n"
            "Content-Length: 0\r\n\r\n"
        ).encode()
        async with self._slots:
            reused = bool(self._idle)
            reader, writer = self._idle.pop() if reused else await self._connect()
            writer.write(request)
            try:
                answer, keep_alive = await _read_answer(reader)
            except ServerClosed:
                writer.close()
                if not reused:
                    raise
                # The server closed the connection while it sat idle (uvicorn's keep-alive
                # timeout) and read nothing of the request: send it again on a new one.
                reader, writer = await self._connect()
                writer.write(request)
                answer, keep_alive = await _read_answer(reader)
            if keep_alive:
                self._idle.append((reader, writer))
            else:
                writer.close()
            return answer

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await asyncio.open_connection(self._host, self._port)
        self._all.append(writer)
        return reader, writer

    async def aclose(self) -> None:
        for writer in self._all:
            writer.close()
        self._all, self._idle = [], []


class ServerClosed(ConnectionError):
    """The connection ended before the answer's first byte."""


async def _read_answer(reader: asyncio.StreamReader) -> tuple[Answer, bool]:
    """The answer, and whether the connection may carry another request."""
    try:
        status_line = await reader.readline()
    except ConnectionResetError:
        status_line = b""
    if not status_line:
        raise ServerClosed("the server closed the connection")
    status = int(status_line.split(b" ", 2)[1])
    length, keep_alive = None, True
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep_alive = False
        elif name == b"transfer-encoding":
            raise ValueError("chunked answers are not supported")
    if length is None:
        raise ValueError(f"answer {status} without Content-Length")
    return Answer(status, await reader.readexactly(length)), keep_alive
