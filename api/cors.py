"""Cross-origin access: the codec server to the Temporal Web UI's origin, the rest of the API to
the origins in MEDALLION_CORS_ORIGINS (none unless configured).

Preflights carry no credentials, so this wraps the key check (api/guard.py): a preflight from an
allowed origin is answered here, and answers to allowed origins carry the CORS headers even when
they are a 401.
"""

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

CODEC_PREFIX = "/codec/"
# What the Web UI sends: JSON, the namespace, and its access token when configured to pass one.
CODEC_HEADERS = ["content-type", "x-namespace", "authorization", "x-api-key"]
API_HEADERS = ["content-type", "x-api-key"]


class RouteCORS:
    def __init__(self, app: ASGIApp, *, codec_origins: list[str], api_origins: list[str]) -> None:
        self.app = app
        self.codec = CORSMiddleware(
            app,
            allow_origins=codec_origins,
            allow_methods=["POST"],
            allow_headers=CODEC_HEADERS,
            allow_credentials=True,  # the UI's "include cross-origin credentials" option
            max_age=600,
        )
        self.api: ASGIApp = app
        if api_origins:
            self.api = CORSMiddleware(
                app,
                allow_origins=api_origins,
                allow_methods=["GET", "POST"],
                allow_headers=API_HEADERS,
                max_age=600,
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CODEC_PREFIX):
            await self.codec(scope, receive, send)
        else:
            await self.api(scope, receive, send)
