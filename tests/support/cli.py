"""Run the `medallion` command as a child process against a test's API."""

import asyncio
import os
import socket
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


async def run_cli(
    api_url: str,
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout_s: float = 120,
) -> CliResult:
    """`medallion ARGS` with MEDALLION_API_URL set to `api_url` and no key unless `env` has one."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "medallion.cli",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={
            **{k: v for k, v in os.environ.items() if k != "MEDALLION_API_KEY"},
            "MEDALLION_API_URL": api_url,
            "COLUMNS": "160",
            **(env or {}),
        },
    )
    out, err = await asyncio.wait_for(
        process.communicate(stdin.encode() if stdin else None), timeout_s
    )
    assert process.returncode is not None
    return CliResult(process.returncode, out.decode(), err.decode())


def closed_port_url() -> str:
    """A loopback URL nothing listens on: a call to it fails at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
