"""`make run`: the whole stack on embedded defaults, stopped cleanly by Ctrl-C.

Order: Postgres, migrations, Temporal dev server + UI, sandbox sources, worker, API. Whatever the
environment already gives (DATABASE_URL, TEMPORAL_ADDRESS, TIPARSER_URL + CASEHELPER_API_URL) is
used instead of started. What the stack resolves is written to `.data/stack.env`, which every
process reads, so `python worker.py` or uvicorn started by hand joins this stack.
"""

import asyncio
import os
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from medallion.devstack.codec_key import local_codec_keys
from medallion.devstack.postgres import EmbeddedPostgres
from medallion.devstack.processes import ManagedProcess, ensure_port_free, wait_for_port
from medallion.devstack.supervision import Part, Supervisor
from medallion.devstack.temporal import dev_server_command
from medallion.platform.migrate import apply_migrations
from medallion.platform.settings import PROJECT_ROOT, data_dir, stack_file
from medallion.reference.shipped import load_unverified_shipped

HOST = "127.0.0.1"


def _port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _write_stack_file(values: dict[str, str]) -> None:
    path = stack_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={value}" for key, value in values.items()]
    path.write_text(
        "# written by `make run`; the environment overrides it\n" + "\n".join(lines) + "\n"
    )
    path.chmod(0o600)  # it holds the payload key


def _wait_ready(api_url: str, timeout_s: float) -> dict[str, object]:
    """The stack is up when the API is ready: Temporal, Postgres and the worker are there."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, object] = {}
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{api_url}/api/health/ready", timeout=5)
            last = answer.json()
            if answer.status_code == 200:
                return last
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the API did not report ready within {timeout_s:.0f}s: {last}")


@dataclass(frozen=True)
class _Ports:
    """The stack's ports, each from its environment variable (the default otherwise)."""

    api: int = field(default_factory=lambda: _port("MEDALLION_API_PORT", 8000))
    temporal: int = field(default_factory=lambda: _port("TEMPORAL_PORT", 7233))
    ui: int = field(default_factory=lambda: _port("TEMPORAL_UI_PORT", 8233))
    sandbox: int = field(default_factory=lambda: _port("SANDBOX_PORT", 8100))
    worker_metrics: int = field(default_factory=lambda: _port("WORKER_METRICS_PORT", 9464))


@dataclass
class _Stack:
    """What is being started: where it keeps its data, how it is stopped and supervised, and the
    settings every process reads (`.data/stack.env`)."""

    data: Path
    ports: _Ports
    cleanup: ExitStack
    settings: dict[str, str] = field(default_factory=dict)
    parts: list[Part] = field(default_factory=list)

    @property
    def logs(self) -> Path:
        return self.data / "logs"


def run() -> None:
    data = data_dir()
    data.mkdir(parents=True, exist_ok=True)
    with ExitStack() as cleanup:
        stack = _Stack(data, _Ports(), cleanup)
        ensure_port_free(HOST, stack.ports.api, "API", "MEDALLION_API_PORT")
        _start_postgres(stack)
        _start_temporal(stack)
        _start_sandbox(stack)
        # A webhook receiver on localhost is what one tries locally (docs/webhooks.md).
        stack.settings["MEDALLION_WEBHOOK_BLOCK_PRIVATE"] = os.environ.get(
            "MEDALLION_WEBHOOK_BLOCK_PRIVATE", "false"
        )
        _write_stack_file(stack.settings)
        # Started after the stack file exists: both read it.
        worker, api = _start_worker(stack), _start_api(stack)
        for process in (worker, api):
            print(f"{process.name} pid {process.pid}", flush=True)
        _print_running(stack)
        stack.parts += [_restartable(worker), _restartable(api, HOST, stack.ports.api)]
        try:
            _supervise(Supervisor(stack.parts, say=_say))
        finally:
            print("\nstopping ...", flush=True)
    print("stopped.")


def _start_postgres(stack: _Stack) -> None:
    """Embedded Postgres unless DATABASE_URL names one; migrated either way."""
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        postgres = EmbeddedPostgres(stack.data / "postgres")
        database_url = postgres.start()
        stack.cleanup.callback(postgres.stop)
        print(f"postgres   embedded, data in {postgres.data_dir}")
        stack.parts.append(_restartable_postgres(postgres))
    stack.settings["DATABASE_URL"] = database_url
    applied = asyncio.run(apply_migrations(database_url))
    print(f"migrations {len(applied)} applied")
    for loaded in asyncio.run(load_unverified_shipped(database_url)):
        state = "loaded" if loaded.changed else "already loaded"
        print(f"reference  {loaded.file_name} {state}, UNVERIFIED; known doubts:")
        for doubt in loaded.doubts:
            print(f"           {doubt}")


def _start_temporal(stack: _Stack) -> None:
    """The Temporal dev server and its UI unless TEMPORAL_ADDRESS names a server; the payload
    keys unless MEDALLION_CODEC_KEYS gives them."""
    ports = stack.ports
    temporal_address = os.environ.get("TEMPORAL_ADDRESS")
    if not temporal_address:
        ensure_port_free(HOST, ports.temporal, "Temporal server", "TEMPORAL_PORT")
        ensure_port_free(HOST, ports.ui, "Temporal Web UI", "TEMPORAL_UI_PORT")
        temporal = ManagedProcess(
            "temporal",
            dev_server_command(
                host=HOST,
                port=ports.temporal,
                ui_port=ports.ui,
                db_file=stack.data / "temporal.db",
                codec_endpoint=f"http://localhost:{ports.api}/codec",
            ),
            stack.logs / "temporal.log",
        ).start()
        stack.cleanup.callback(temporal.stop)
        wait_for_port(HOST, ports.temporal, 60, temporal)
        print(f"temporal pid {temporal.pid}", flush=True)
        stack.parts.append(_restartable(temporal, HOST, ports.temporal))
        temporal_address = f"{HOST}:{ports.temporal}"
        # The UI's page may be opened under either name.
        stack.settings["MEDALLION_CODEC_CORS_ORIGINS"] = (
            f"http://localhost:{ports.ui},http://127.0.0.1:{ports.ui}"
        )
    stack.settings["TEMPORAL_ADDRESS"] = temporal_address
    if not os.environ.get("MEDALLION_CODEC_KEYS"):
        stack.settings["MEDALLION_CODEC_KEYS"] = local_codec_keys(stack.data)
    stack.settings["TEMPORAL_UI_URL"] = _ui_url(ports)


def _ui_url(ports: _Ports) -> str:
    return os.environ.get("TEMPORAL_UI_URL", f"http://localhost:{ports.ui}")


def _start_sandbox(stack: _Stack) -> None:
    """The sandbox sources unless TIPARSER_URL and CASEHELPER_API_URL name real ones."""
    if os.environ.get("TIPARSER_URL") and os.environ.get("CASEHELPER_API_URL"):
        return
    port = stack.ports.sandbox
    ensure_port_free(HOST, port, "sandbox sources", "SANDBOX_PORT")
    sandbox = ManagedProcess(
        "sandbox",
        [sys.executable, "-m", "sandbox", "--host", HOST, "--port", str(port)],
        stack.logs / "sandbox.log",
    ).start()
    stack.cleanup.callback(sandbox.stop)
    wait_for_port(HOST, port, 30, sandbox)
    stack.parts.append(_restartable(sandbox, HOST, port))
    stack.settings["SANDBOX_URL"] = f"http://{HOST}:{port}"


def _start_worker(stack: _Stack) -> ManagedProcess:
    # The metrics port goes to this worker only, so a second worker started by hand does not
    # compete for it.
    port = stack.ports.worker_metrics
    ensure_port_free(HOST, port, "worker metrics", "WORKER_METRICS_PORT")
    worker = ManagedProcess(
        "worker",
        [sys.executable, str(PROJECT_ROOT / "worker.py")],
        stack.logs / "worker.log",
        env={"WORKER_METRICS_PORT": str(port), "WORKER_METRICS_HOST": HOST},
    ).start()
    stack.cleanup.callback(worker.stop, 40)
    return worker


def _start_api(stack: _Stack) -> ManagedProcess:
    """The API, once ready: Temporal, Postgres and the worker answer."""
    port = stack.ports.api
    api = ManagedProcess("api", api_command(HOST, port), stack.logs / "api.log").start()
    stack.cleanup.callback(api.stop)
    wait_for_port(HOST, port, 60, api)
    _wait_ready(f"http://localhost:{port}", 60)
    return api


# How long uvicorn keeps an idle connection (`--timeout-keep-alive`). Longer than any client or
# proxy keeps one idle: a request sent on a connection the server closes at the same moment fails
# with a read error, and clients do not resend it. httpx and uvicorn both default to 5 s; proxies
# and load balancers commonly keep upstream connections for 60 s.
KEEP_ALIVE_S = 75  # also in Dockerfile and docker-compose.yml


def api_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
            "--host", host, "--port", str(port), "--no-access-log",
            "--timeout-keep-alive", str(KEEP_ALIVE_S)]  # fmt: skip


def _print_running(stack: _Stack) -> None:
    api_url = f"http://localhost:{stack.ports.api}"
    sandbox_url = stack.settings.get("SANDBOX_URL")
    print(
        "\nMedallion is running:\n"
        f"  API            {api_url}   (docs: {api_url}/docs)\n"
        f"  Temporal UI    {_ui_url(stack.ports)}\n"
        f"  Metrics        {api_url}/metrics (API)\n"
        f"                 http://{HOST}:{stack.ports.worker_metrics}/metrics (worker)\n"
        f"  Temporal gRPC  {stack.settings['TEMPORAL_ADDRESS']}\n"
        + (f"  Sandbox        {sandbox_url}\n" if sandbox_url else "")
        + f"  Logs           {stack.logs}\n"
        f"\nTry:  curl -X POST {api_url}/api/cases/1295022/extract\n"
        f"      curl {api_url}/api/cases/1295022/status\n"
        "\nCtrl-C stops everything.",
        flush=True,
    )


def _say(message: str) -> None:
    print(message, flush=True)


def _restartable(process: ManagedProcess, host: str = "", port: int = 0) -> Part:
    def restart() -> None:
        process.start()
        if port:
            wait_for_port(host, port, 60, process)
        _say(f"{process.name} pid {process.pid}")

    return Part(process.name, lambda: not process.exited(), restart, str(process.log_path))


def _restartable_postgres(postgres: EmbeddedPostgres) -> Part:
    def restart() -> None:
        postgres.restart()

    return Part("postgres", postgres.is_running, restart, str(postgres.data_dir))


def _supervise(supervisor: Supervisor) -> None:
    """Until Ctrl-C (or SIGTERM): restart what dies; PartLost stops the stack."""
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    while not stopping:
        supervisor.check()
        time.sleep(0.5)


def main() -> None:
    try:
        run()
    except (RuntimeError, TimeoutError) as err:
        print(f"make run: {err}", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
