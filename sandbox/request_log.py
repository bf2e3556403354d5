"""A capped log of source calls, for tests to check what a client actually sent.

It records whether credential headers were present, never their values.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Handlers put the case id, source and fault of a call in the ASGI scope state under these keys.
CASE_ID_KEY = "sandbox_case_id"
SOURCE_KEY = "sandbox_source"
FAULT_KEY = "sandbox_fault_id"


@dataclass(frozen=True)
class LoggedRequest:
    seq: int
    method: str
    path: str
    status: int
    case_id: str | None
    source: str | None
    fault_id: str | None
    has_api_key: bool
    has_cookie: bool
    cookie_names: tuple[str, ...]
    has_json_accept: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _cookie_names(header: bytes) -> tuple[str, ...]:
    pairs = header.decode("latin-1").split(";")
    return tuple(name.strip() for name, _, _ in (p.partition("=") for p in pairs) if name.strip())


class RequestLog:
    def __init__(self, capacity: int) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=capacity)
        self._seq = itertools.count(1)

    def append(self, **fields: Any) -> None:
        self._entries.append(LoggedRequest(seq=next(self._seq), **fields))

    def entries(self, case_id: str | None = None) -> list[LoggedRequest]:
        return [e for e in self._entries if case_id is None or e.case_id == case_id]

    def clear(self) -> None:
        self._entries.clear()


class RequestLogMiddleware:
    """Logs every call except the admin API's own.

    The entry is written before the response starts, so a client that has its answer always
    finds its call in the log (a call that fails before answering is logged as a 500).
    """

    def __init__(self, app: ASGIApp, log: RequestLog, admin_prefix: str) -> None:
        self.app = app
        self.log = log
        self.admin_prefix = admin_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.admin_prefix):
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        logged = False

        async def log_then_send(message: Message) -> None:
            nonlocal logged
            if message["type"] == "http.response.start" and not logged:
                self._append(scope, message["status"])
                logged = True
            await send(message)

        try:
            await self.app(scope, receive, log_then_send)
        finally:
            if not logged:
                self._append(scope, 500)

    def _append(self, scope: Scope, status: int) -> None:
        state = scope["state"]
        headers = {name.decode("latin-1").lower(): value for name, value in scope["headers"]}
        self.log.append(
            method=scope["method"],
            path=scope["path"],
            status=status,
            case_id=state.get(CASE_ID_KEY),
            source=state.get(SOURCE_KEY),
            fault_id=state.get(FAULT_KEY),
            has_api_key="x-api-key" in headers,
            has_cookie="cookie" in headers,
            cookie_names=_cookie_names(headers.get("cookie", b"")),
            has_json_accept=b"application/json" in headers.get("accept", b""),
        )
