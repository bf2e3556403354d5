"""`make run`'s stack as a user runs it: one process that starts every part, then stops them."""

import asyncio
import os
import re
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from medallion.devstack.processes import ManagedProcess, free_port
from medallion.platform.settings import PROJECT_ROOT
from tests.support.exposition import worker_exposition_once_completed
from tests.support.polling import eventually
from tests.support.scratch import scratch_dir

READY_LINE = "Medallion is running"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def _wait_for_line(process: ManagedProcess, line: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while line not in process.log_path.read_text(errors="replace"):
        assert not process.exited(), process.log_path.read_text()[-3000:]
        assert time.monotonic() < deadline, "the stack did not report ready in time"
        await asyncio.sleep(0.25)


# Every part must come from the stack itself, whatever the caller's environment holds.
STACK_PARTS_FROM_ENV = (
    "DATABASE_URL",
    "TEMPORAL_ADDRESS",
    "TIPARSER_URL",
    "CASEHELPER_API_URL",
    "MEDALLION_CODEC_KEYS",
)


def _free_ports() -> dict[str, int]:
    return {name: free_port() for name in ("api", "temporal", "ui", "sandbox", "metrics")}


def _stack(tmp_path: Path, data_dir: Path, ports: dict[str, int]) -> ManagedProcess:
    return ManagedProcess(
        "stack",
        [sys.executable, "-m", "medallion.devstack"],
        tmp_path / "stack.log",
        env={
            "MEDALLION_DATA_DIR": str(data_dir),
            "MEDALLION_STACK_FILE": str(data_dir / "stack.env"),
            "MEDALLION_API_PORT": str(ports["api"]),
            "TEMPORAL_PORT": str(ports["temporal"]),
            "TEMPORAL_UI_PORT": str(ports["ui"]),
            "SANDBOX_PORT": str(ports["sandbox"]),
            "WORKER_METRICS_PORT": str(ports["metrics"]),
        },
        cwd=PROJECT_ROOT,
    ).start()


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with scratch_dir() as scratch:
        yield scratch / "data"


async def test_the_stack_takes_a_case_to_complete_and_stops_cleanly(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in STACK_PARTS_FROM_ENV:
        monkeypatch.delenv(name, raising=False)
    ports = _free_ports()
    stack = _stack(tmp_path, data_dir, ports)
    try:
        await _wait_for_line(stack, READY_LINE, timeout_s=120)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ports['api']}", timeout=30
        ) as api:
            trigger = await api.post("/api/cases/1295022/extract")
            assert trigger.status_code == 202
            report = await eventually(
                lambda: api.get("/api/cases/1295022/status"),
                lambda r: r.json().get("status") == "complete",
                timeout_s=30,
            )
            ui = await api.get(f"http://127.0.0.1:{ports['ui']}/", timeout=10)
            worker_metrics = await worker_exposition_once_completed(
                api, f"http://127.0.0.1:{ports['metrics']}/metrics"
            )
            api_metrics = await api.get("/metrics")
            ui_settings = await api.get(
                f"http://127.0.0.1:{ports['ui']}/api/v1/settings", timeout=10
            )
            sealed = await api.post("/codec/encode", json={"payloads": [{"data": "e30="}]})
            opened = await api.post("/codec/decode", json=sealed.json())
        assert report.json()["bronze"]["total_records"] == 4
        assert (data_dir / "codec-keys").is_file()  # made on first start, then kept
        assert ui.status_code == 200
        # The UI decodes history through the API's codec server.
        assert ui_settings.json()["Codec"]["Endpoint"] == f"http://localhost:{ports['api']}/codec"
        assert opened.json()["payloads"][0]["data"] == "e30="
        assert 'medallion_cases_total{event="completed"' in worker_metrics.text
        assert "medallion_api_requests_total" in api_metrics.text
        printed = stack.log_path.read_text()
        assert f"http://127.0.0.1:{ports['metrics']}/metrics (worker)" in printed
        assert f"http://localhost:{ports['api']}/metrics (API)" in printed
    finally:
        stack.stop(timeout_s=60)  # SIGTERM: the stack stops its parts in reverse order

    assert stack.returncode == 0, stack.log_path.read_text()[-3000:]
    assert "stopped." in stack.log_path.read_text()
    assert not any(_listening(port) for port in ports.values())


def _pid_of(process: ManagedProcess, part: str) -> int:
    pids = re.findall(rf"^{part} pid (\d+)$", process.log_path.read_text(), flags=re.MULTILINE)
    assert pids, process.log_path.read_text()[-3000:]
    return int(pids[-1])


async def test_the_stack_restarts_a_killed_worker_and_temporal_and_keeps_taking_cases(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in STACK_PARTS_FROM_ENV:
        monkeypatch.delenv(name, raising=False)
    ports = _free_ports()
    stack = _stack(tmp_path, data_dir, ports)
    try:
        await _wait_for_line(stack, READY_LINE, timeout_s=120)
        first_worker = _pid_of(stack, "worker")

        os.kill(first_worker, signal.SIGKILL)
        await _wait_for_line(stack, "worker restarted", timeout_s=60)
        assert _pid_of(stack, "worker") != first_worker
        os.kill(_pid_of(stack, "temporal"), signal.SIGKILL)
        await _wait_for_line(stack, "temporal restarted", timeout_s=90)

        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{ports['api']}", timeout=30
        ) as api:
            trigger = await eventually(
                lambda: api.post("/api/cases/1295022/extract"),
                lambda r: r.status_code == 202,
                timeout_s=60,
            )
            report = await eventually(
                lambda: api.get("/api/cases/1295022/status"),
                lambda r: r.json().get("status") == "complete",
                timeout_s=90,
            )
        assert trigger.status_code == 202 and report.status_code == 200
        log = stack.log_path.read_text()
        assert "worker died; restarting in" in log
        assert "temporal died; restarting in" in log
        assert "stopping" not in log  # the rest kept running throughout
    finally:
        stack.stop(timeout_s=60)

    assert stack.returncode == 0, stack.log_path.read_text()[-3000:]
    assert not any(_listening(port) for port in ports.values())
