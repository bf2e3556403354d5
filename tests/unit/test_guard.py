"""The API's guard as plain ASGI: keys checked before the body, bodies counted as they stream."""

import hmac
import json
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from api.guard import NEEDS_KEY, ApiGuard

LIMIT = 4096
CHUNK = 1024


class Recorder:
    """An app that reads the whole body and answers 200, noting what it got."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.bodies.append(body)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


class EndlessUpload:
    """A client that would send 1 KiB chunks for ever; counts how many were pulled."""

    def __init__(self) -> None:
        self.pulled = 0

    async def __call__(self) -> Message:
        self.pulled += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": True}


def guard(app: Recorder, keys: list[str]) -> ApiGuard:
    return ApiGuard(
        app, api_keys=keys, codec_token=None, max_body_bytes=LIMIT, codec_max_body_bytes=LIMIT
    )


def scope(path: str, headers: dict[str, str]) -> Scope:
    return {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }


async def call(app: ApiGuard, scope: Scope, receive: Receive) -> tuple[int, dict[str, Any]]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = sent[0]["status"]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, (json.loads(body) if body.startswith(b"{") else {})


async def test_an_unkeyed_request_is_refused_before_its_body_is_read() -> None:
    app, upload = Recorder(), EndlessUpload()

    status, answer = await call(guard(app, ["k1"]), scope("/api/extract", {}), upload)

    assert (status, answer["detail"]) == (401, NEEDS_KEY)
    assert upload.pulled == 0
    assert app.bodies == []


async def test_a_streamed_body_over_the_limit_is_cut_off_at_the_limit() -> None:
    app, upload = Recorder(), EndlessUpload()

    status, answer = await call(
        guard(app, ["k1"]), scope("/api/extract", {"X-API-Key": "k1"}), upload
    )

    assert status == 413
    assert answer["detail"] == f"request body over {LIMIT} bytes"
    assert upload.pulled == LIMIT // CHUNK + 1
    assert app.bodies == []


async def test_a_declared_length_over_the_limit_is_refused_without_reading() -> None:
    app, upload = Recorder(), EndlessUpload()
    headers = {"X-API-Key": "k1", "Content-Length": str(10 * LIMIT)}

    status, _ = await call(guard(app, ["k1"]), scope("/api/extract", headers), upload)

    assert status == 413
    assert upload.pulled == 0


async def test_a_body_within_the_limit_reaches_the_app_whole() -> None:
    app = Recorder()
    parts = [b'{"case_id": ', b'"1295022"}']

    async def receive() -> Message:
        part = parts.pop(0)
        return {"type": "http.request", "body": part, "more_body": bool(parts)}

    status, _ = await call(guard(app, ["k1"]), scope("/api/extract", {"X-API-Key": "k1"}), receive)

    assert status == 200
    assert app.bodies == [b'{"case_id": "1295022"}']


async def test_every_key_is_compared_whichever_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[bytes] = []
    real = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        compared.append(b)
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    app = guard(Recorder(), ["first", "second", "third"])

    async def empty() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    for key in ("first", "third"):
        status, _ = await call(app, scope("/api/extract", {"X-API-Key": key}), empty)
        assert status == 200
    assert compared == [b"first", b"second", b"third"] * 2
