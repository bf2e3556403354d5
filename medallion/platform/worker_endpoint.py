"""The worker process's HTTP endpoint (WORKER_METRICS_PORT): `/metrics` for Prometheus, `/health`
for the container healthcheck.

`/metrics` passes on the Temporal runtime's exposition (served on a loopback port of its own),
names made conventional (metrics.py). `/health` answers whether the worker is polling:
200 `{"polling": true, ...}` while every worker of the set runs and the Temporal frontend
answers; 503 with the reason while it waits for Temporal or Postgres, after a worker stopped, when
the frontend does not answer, and while it drains on SIGTERM. A process that is merely alive is
not healthy.

A few lines of asyncio rather than a web framework: two GET routes, no body, and no server
that would take over the process's signal handlers.
"""

import asyncio
import json
import socket
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus

from temporalio.client import Client
from temporalio.worker import Worker

from medallion.platform.metrics import conventional_names

EXPOSITION_TYPE = "text/plain; version=0.0.4; charset=utf-8"
HEALTH_TIMEOUT = timedelta(seconds=3)
REQUEST_HEAD_LIMIT = 8 * 1024
REQUEST_TIMEOUT_S = 5


def loopback_address() -> str:
    """A free port on loopback for the runtime's own exposition."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


@dataclass
class WorkerHealth:
    """What the process is doing, as `/health` reports it."""

    waiting_for: str | None = "Temporal"
    draining: bool = False
    client: Client | None = None
    workers: Sequence[Worker] = field(default_factory=list)

    def polling(self, client: Client, workers: Sequence[Worker]) -> None:
        self.waiting_for, self.client, self.workers = None, client, workers

    async def report(self) -> tuple[bool, dict[str, object]]:
        if self.waiting_for is not None:
            return False, {"polling": False, "reason": f"waiting for {self.waiting_for}"}
        if self.draining:
            return False, {"polling": False, "reason": "stopping: finishing in-flight activities"}
        stopped = [w.task_queue for w in self.workers if not w.is_running]
        if stopped or self.client is None:
            return False, {"polling": False, "reason": f"workers stopped: {', '.join(stopped)}"}
        try:
            await self.client.service_client.check_health(timeout=HEALTH_TIMEOUT)
        except Exception as err:  # RPCError, or a timeout
            reason = f"the Temporal frontend does not answer ({type(err).__name__})"
            return False, {"polling": False, "reason": reason}
        return True, {"polling": True, "task_queues": [w.task_queue for w in self.workers]}


class WorkerEndpoint:
    def __init__(self, health: WorkerHealth, runtime_address: str) -> None:
        self.health = health
        self.runtime_url = f"http://{runtime_address}/metrics"
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> None:
        self._server = await asyncio.start_server(self._serve, host, port, limit=REQUEST_HEAD_LIMIT)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_S):
                head = await reader.readuntil(b"\r\n\r\n")
            method, path, *_ = [*head.decode("latin-1").split(" ", 2), "", ""]
            status, content_type, body = await self._answer(method, path.split("?")[0])
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, content_type, body = 400, "text/plain", b"bad request\n"
        try:
            writer.write(
                f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except ConnectionError:
            pass  # the scraper went away; nothing to tell it
        finally:
            writer.close()

    async def _answer(self, method: str, path: str) -> tuple[int, str, bytes]:
        if method != "GET":
            return 405, "text/plain", b"GET only\n"
        if path == "/metrics":
            try:
                text = await asyncio.to_thread(self._runtime_exposition)
            except OSError as err:  # URLError, a refused or reset connection, a timeout
                reason = f"the SDK runtime's metrics did not answer: {err}\n"
                return 503, "text/plain", reason.encode()
            return 200, EXPOSITION_TYPE, conventional_names(text).encode()
        if path == "/health":
            healthy, report = await self.health.report()
            return (200 if healthy else 503), "application/json", json.dumps(report).encode()
        return 404, "text/plain", b"not found: /metrics or /health\n"

    def _runtime_exposition(self) -> str:
        # urllib, not httpx: a scrape is no span of a trace (httpx is traced when tracing is on).
        with urllib.request.urlopen(self.runtime_url, timeout=10) as response:
            return str(response.read().decode())
