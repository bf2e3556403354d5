"""Per request: an id (X-Request-ID in and out), the case id when the path names one, and one
log line with method, route, status and duration. Plain ASGI, so streamed answers pass through."""

import logging
import re
import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from medallion.case_identity import CASE_ID_DIGITS

log = logging.getLogger("medallion.api.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept when it is short and plain; anything else is replaced by our own.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_CASE_IN_PATH = re.compile(rf"/(?:cases|status)/({CASE_ID_DIGITS})(?:/|$)")


def route_template(scope: Scope, path: str) -> str:
    """The matched route's path template (`/api/cases/{case_id}/status`), or `unmatched`.

    An included router's route knows its template without the router's prefix; our prefixes
    hold no parameters, so the prefix is the concrete path's leading segments.
    """
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not template:
        return "unmatched"
    segments = path.rstrip("/").split("/")
    prefix = segments[: len(segments) - len(str(template).strip("/").split("/"))]
    return "/".join(prefix) + str(template)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(REQUEST_ID_HEADER.lower().encode(), b"").decode()
        request_id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        path, status = scope["path"], 500  # routing may rewrite the scope's path
        context = {"request_id": request_id}
        if case := _CASE_IN_PATH.search(path):
            context["case_id"] = case.group(1)
        started = time.monotonic()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with structlog.contextvars.bound_contextvars(**context):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                log.info(
                    "request",
                    extra={
                        "method": scope["method"],
                        "route": route_template(scope, path),
                        "status": status,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
