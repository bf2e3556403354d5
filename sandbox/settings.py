"""Configuration of the sandbox sources."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxSettings:
    """Credentials the sandbox accepts and the limits of its in-memory state."""

    tiparser_api_key: str = "sandbox-tiparser-key"
    casehelper_username: str = "sandbox-user"
    casehelper_password: str = "sandbox-pass"
    # When set, CaseHelper data calls must carry it as header X-API-Key.
    casehelper_api_key: str | None = None
    session_lifetime_s: float = 3600.0
    request_log_size: int = 2000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SandboxSettings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            tiparser_api_key=env.get("SANDBOX_TIPARSER_API_KEY") or defaults.tiparser_api_key,
            casehelper_username=(
                env.get("SANDBOX_CASEHELPER_USERNAME") or defaults.casehelper_username
            ),
            casehelper_password=(
                env.get("SANDBOX_CASEHELPER_PASSWORD") or defaults.casehelper_password
            ),
            casehelper_api_key=env.get("SANDBOX_CASEHELPER_API_KEY") or None,
        )
