"""The benchmark's bare HTTP client reads answers by their length and reuses its connections."""

import asyncio
from collections.abc import AsyncIterator

import pytest

from benchmarks.load_client import LoadClient


class CannedServer:
    """Answers every request with the next canned answer (empty: close the connection instead);
    counts connections and requests."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers
        self.connections = 0
        self.requests: list[bytes] = []


@pytest.fixture
async def canned() -> AsyncIterator[tuple[CannedServer, str]]:
    server = CannedServer([])

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                server.requests.append(head.split(b"\r\n", 1)[0])
                answer = server.answers.pop(0)
                if not answer:  # close without answering
                    break
                writer.write(answer)
                await writer.drain()
                if b"Connection: close" in answer:
                    break
        except asyncio.IncompleteReadError:
            pass
        writer.close()

    listening = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    async with listening:
        yield server, f"http://127.0.0.1:{port}"


def _answer(status: int, body: bytes, *extra: str) -> bytes:
    headers = "".join(f"{h}\r\n" for h in extra)
    return f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\n{headers}\r\n".encode() + body


async def test_answers_are_read_by_length_on_one_kept_alive_connection(
    canned: tuple[CannedServer, str],
) -> None:
    server, url = canned
    server.answers = [_answer(200, b'{"a": 1}'), _answer(202, b"")]
    client = LoadClient(url, connections=4)

    first = await client.request("GET", "/api/cases/1/status")
    second = await client.request("POST", "/api/cases/2/extract")
    await client.aclose()

    assert (first.status, first.body, second.status, second.body) == (200, b'{"a": 1}', 202, b"")
    assert server.requests == [
        b"GET /api/cases/1/status HTTP/1.1",
        b"POST /api/cases/2/extract HTTP/1.1",
    ]
    assert server.connections == 1


async def test_a_closed_connection_is_not_reused(canned: tuple[CannedServer, str]) -> None:
    server, url = canned
    server.answers = [_answer(200, b"x", "Connection: close"), _answer(200, b"y")]
    client = LoadClient(url, connections=1)

    bodies = [(await client.request("GET", "/a")).body, (await client.request("GET", "/b")).body]
    await client.aclose()

    assert bodies == [b"x", b"y"]
    assert server.connections == 2


async def test_a_chunked_answer_is_refused(canned: tuple[CannedServer, str]) -> None:
    server, url = canned
    server.answers = [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"]
    client = LoadClient(url, connections=1)

    with pytest.raises(ValueError, match="chunked"):
        await client.request("GET", "/a")
    await client.aclose()


async def test_a_request_on_a_connection_the_server_closed_while_idle_is_sent_again(
    canned: tuple[CannedServer, str],
) -> None:
    server, url = canned
    # The first connection closes after its answer without saying so, as an idle timeout does.
    server.answers = [_answer(200, b"x"), b"", _answer(200, b"y")]
    client = LoadClient(url, connections=1)

    bodies = [(await client.request("GET", "/a")).body, (await client.request("GET", "/b")).body]
    await client.aclose()

    assert bodies == [b"x", b"y"]
    assert server.connections == 2
