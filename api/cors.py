"""Cross-origin access: the codec server to the Temporal Web UI's origin only.

Preflights carry no credentials, so this wraps the key check: a preflight from an allowed
origin is answered here, and answers to allowed origins carry the CORS headers even when they
are a 401.
"""

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

CODEC_PREFIX = "/codec/"
# What the Web UI sends: JSON, the namespace, and its access token when configured to pass one.
CODEC_HEADERS = ["content-type", "x-namespace", "authorization", "x-api-key"]


class CodecCORS:
    def __init__(self, app: ASGIApp, *, origins: list[str]) -> None:
        self.app = app
        self.codec = CORSMiddleware(
            app,
            allow_origins=origins,
            allow_methods=["POST"],
            allow_headers=CODEC_HEADERS,
            allow_credentials=True,  # the UI's "include cross-origin credentials" option
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CODEC_PREFIX):
            await self.codec(scope, receive, send)
        else:
            await self.app(scope, receive, send)
