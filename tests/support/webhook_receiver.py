"""A webhook receiver on loopback HTTP: it records each request as it arrives and answers from a
script (a status and a delay per request, then 200), like a real endpoint that is down, slow or
gone for a while."""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from standardwebhooks import Webhook
from starlette.types import Receive, Scope, Send

from tests.support.threaded_server import serve_in_thread


@dataclass(frozen=True)
class Answer:
    status: int = 200
    delay_s: float = 0.0


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def verified(self, secret: str) -> dict[str, Any]:
        """The JSON body, once its Standard Webhooks signature checks out under `secret`."""
        body: dict[str, Any] = Webhook(secret).verify(self.body, self.headers)
        return body


@dataclass
class WebhookReceiver:
    script: list[Answer] = field(default_factory=list)
    _received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def received(self, path: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self._received if path is None or r.path == path]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        with self._lock:
            self._received.append(Received(scope["path"], headers, body))
            answer = self.script.pop(0) if self.script else Answer()
        if answer.delay_s:
            await asyncio.sleep(answer.delay_s)
        await send({"type": "http.response.start", "status": answer.status, "headers": []})
        await send({"type": "http.response.body", "body": b""})


@contextmanager
def webhook_receiver(*script: Answer) -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(list(script))
    with serve_in_thread(receiver, lifespan="off") as url:
        receiver.url = url
        yield receiver
