"""CaseHelper sessions: opaque random tokens kept in memory until they expire."""

from __future__ import annotations

import secrets
import time


class SessionStore:
    def __init__(self, lifetime_s: float) -> None:
        self._lifetime_s = lifetime_s
        self._expiry_by_token: dict[str, float] = {}

    def create(self) -> str:
        token = secrets.token_urlsafe(24)
        self._expiry_by_token[token] = time.monotonic() + self._lifetime_s
        return token

    def is_valid(self, token: str | None) -> bool:
        if not token:
            return False
        expiry = self._expiry_by_token.get(token)
        if expiry is None:
            return False
        if expiry <= time.monotonic():
            del self._expiry_by_token[token]
            return False
        return True

    def expire_all(self) -> int:
        count = len(self._expiry_by_token)
        self._expiry_by_token.clear()
        return count
