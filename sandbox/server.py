"""Serve the sandbox from a background thread, for tests and benchmarks."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from sandbox.app import create_app
from sandbox.settings import SandboxSettings


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
    config = uvicorn.Config(
        create_app(settings),
        host=host,
        port=0,  # the OS picks a free port; read back once listening, so no bind race
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="sandbox-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout_s
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox did not start on {host}")
            time.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=startup_timeout_s)
