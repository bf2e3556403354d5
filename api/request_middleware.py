"""One middleware around every request: an id (X-Request-ID in and out), the case id in the log
context when the path names one, and one measurement that feeds both the Prometheus metrics and
the `request` log line (method, route template, status, duration). Plain ASGI, so streamed
answers pass through."""

import logging
import re
import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import LATENCY, REQUESTS
from medallion.cases.identity import CASE_ID_DIGITS

log = logging.getLogger("medallion.api.requests")

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode()
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


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _REQUEST_ID_KEY:
            given = value.decode("latin-1")
            return given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
    return uuid.uuid4().hex


class RequestMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        path, status = scope["path"], 500  # routing may rewrite the scope's path
        context = {"request_id": request_id}
        if case := _CASE_IN_PATH.search(path):
            context["case_id"] = case.group(1)
        started = time.perf_counter()

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
                elapsed = time.perf_counter() - started
                method, route = scope["method"], route_template(scope, path)
                REQUESTS.labels(method, route, str(status)).inc()
                LATENCY.labels(method, route).observe(elapsed)
                log.info(
                    "request",
                    extra={
                        "method": method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 1),
                    },
                )
