"""A webhook attempt builds no TLS context of its own: building one loads the CA bundle, tens of
milliseconds of CPU per attempt."""

import ssl
from typing import Any

import pytest

from activities.webhooks import _post
from tests.support.threaded_server import serve_in_thread


async def accepting(scope: dict[str, Any], receive: Any, send: Any) -> None:
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def test_attempts_share_one_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[ssl.SSLContext] = []
    real = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    with serve_in_thread(accepting, lifespan="off") as url:
        assert await _post(url, "{}", {}, timeout_s=5) == 204
        first = len(built)
        for _ in range(3):
            assert await _post(url, "{}", {}, timeout_s=5) == 204

    assert first <= 1
    assert len(built) == first
