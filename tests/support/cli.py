"""Run the `medallion` command as a child process against a test's API."""

import asyncio
import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


async def run_cli(
    api_url: str, *args: str, env: dict[str, str] | None = None, timeout_s: float = 120
) -> CliResult:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "medallion.cli",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={
            **{k: v for k, v in os.environ.items() if k != "MEDALLION_API_KEY"},
            "MEDALLION_API_URL": api_url,
            "COLUMNS": "160",
            **(env or {}),
        },
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout_s)
    assert process.returncode is not None
    return CliResult(process.returncode, out.decode(), err.decode())
