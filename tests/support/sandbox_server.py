"""Serve the sandbox from a background thread, for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sandbox.app import create_app
from sandbox.settings import SandboxSettings
from tests.support.threaded_server import serve_in_thread


@contextmanager
def run_in_thread(
    settings: SandboxSettings | None = None,
    *,
    host: str = "127.0.0.1",
    startup_timeout_s: float = 10.0,
) -> Iterator[str]:
    """Start the sandbox on a free loopback port; yield its base URL; stop it on exit.

    TiParser is then at f"{base_url}/tiparser" and CaseHelper at f"{base_url}/casehelper".
    """
    with serve_in_thread(
        create_app(settings), host=host, lifespan="off", startup_timeout_s=startup_timeout_s
    ) as url:
        yield url
