"""Who may call which route, and how much a request may send, decided before its body is read.

One rule for open routes: health and readiness (with the legacy alias), the Prometheus metrics
and the API docs answer anyone (`OPEN_PATHS`); they carry no case data. The codec server
(`/codec/...`) answers an API key, the codec token, or an access token from the Web UI's OIDC
login that medallion/platform/oidc.py verifies (401 when it is not valid, 403 when it lacks the
claim decoding needs). Every other route needs an API key as `X-API-Key`. With no key configured the
API is open (local development); the codec then stays open too unless a codec token or an
identity provider is configured.

Keys are compared in constant time against every configured key. A body is counted while it
streams in and never held beyond its limit: a declared or streamed size over the limit gets 413
at once, so nobody can make the API buffer a large upload.
"""

import hmac
import json

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cors import CODEC_PREFIX
from medallion.platform.oidc import AccessTokenVerifier, TokenRejectedError

OPEN_PATHS = frozenset(
    {
        "/api/health",
        "/api/health/live",
        "/api/health/ready",
        "/api/dagster/health",
        "/metrics",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
    }
)
API_KEY_HEADER = "X-API-Key"

NEEDS_KEY = "missing or wrong X-API-Key header: send one of the API's keys"
NEEDS_CODEC_CREDENTIAL = (
    "missing or wrong credentials: send an API key as X-API-Key "
    "or the codec token as `Authorization: Bearer <token>`"
)
NEEDS_CODEC_LOGIN = (
    "missing credentials: send an API key as X-API-Key, or the codec token or an OIDC access "
    "token as `Authorization: Bearer <token>`"
)


class ApiGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        api_keys: list[str],
        codec_token: str | None,
        codec_verifier: AccessTokenVerifier | None = None,
        max_body_bytes: int,
        codec_max_body_bytes: int,
    ) -> None:
        self.app = app
        self.api_keys = [key.encode() for key in api_keys]
        self.codec_tokens = [codec_token.encode()] if codec_token else []
        self.codec_verifier = codec_verifier
        self.max_body_bytes = max_body_bytes
        self.codec_max_body_bytes = codec_max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        codec = path.startswith(CODEC_PREFIX)
        headers = Headers(scope=scope)
        refusal = None if path in OPEN_PATHS else await self._refusal(headers, codec)
        if refusal is not None:
            await _answer(send, *refusal)
            return
        limit = self.codec_max_body_bytes if codec else self.max_body_bytes
        declared = headers.get("content-length")
        if declared is not None and not declared.isdigit():
            await _answer(send, 400, "Content-Length is not a number")
            return
        if declared is not None and int(declared) > limit:
            await _answer(send, 413, f"request body over {limit} bytes")
            return
        body = await _read_at_most(receive, limit)
        if body is None:
            await _answer(send, 413, f"request body over {limit} bytes")
            return
        await self.app(scope, _replaying(body, receive), send)

    async def _refusal(self, headers: Headers, codec: bool) -> tuple[int, str] | None:
        """The status and reason the request may not pass with, or None."""
        if _matches(headers.get(API_KEY_HEADER), self.api_keys):
            return None
        if not codec:
            return (401, NEEDS_KEY) if self.api_keys else None
        if not self.api_keys and not self.codec_tokens and self.codec_verifier is None:
            return None
        scheme, _, token = headers.get("authorization", "").partition(" ")
        bearer = token.strip() if scheme.lower() == "bearer" else ""
        if _matches(bearer, self.codec_tokens):
            return None
        if self.codec_verifier is None:
            return 401, NEEDS_CODEC_CREDENTIAL
        if not bearer:
            return 401, NEEDS_CODEC_LOGIN
        try:
            await self.codec_verifier.verify(bearer)
        except TokenRejectedError as err:
            return err.status, err.reason
        return None


def _matches(given: str | None, secrets: list[bytes]) -> bool:
    """Constant time per key, and every key is compared whichever one matches."""
    if not given:
        return False
    candidate = given.encode()
    found = False
    for secret in secrets:
        found |= hmac.compare_digest(candidate, secret)
    return found


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None as soon as it grows past `limit` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b"".join(chunks)
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()  # waits for the disconnect, as the server's own would
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
