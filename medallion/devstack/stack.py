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

import httpx

from medallion.devstack.codec_key import local_codec_keys
from medallion.devstack.postgres import EmbeddedPostgres
from medallion.devstack.processes import ManagedProcess, ensure_port_free, wait_for_port
from medallion.devstack.supervision import Part, Supervisor
from medallion.devstack.temporal import dev_server_command
from medallion.migrate import apply_migrations
from medallion.reference.shipped import load_unverified_shipped
from medallion.settings import PROJECT_ROOT, data_dir, stack_file

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


def run() -> None:
    data = data_dir()
    logs = data / "logs"
    data.mkdir(parents=True, exist_ok=True)
    api_port = _port("MEDALLION_API_PORT", 8000)
    temporal_port = _port("TEMPORAL_PORT", 7233)
    ui_port = _port("TEMPORAL_UI_PORT", 8233)
    sandbox_port = _port("SANDBOX_PORT", 8100)
    worker_metrics_port = _port("WORKER_METRICS_PORT", 9464)
    python = sys.executable
    stack: dict[str, str] = {}
    parts: list[Part] = []

    with ExitStack() as cleanup:
        ensure_port_free(HOST, api_port, "API", "MEDALLION_API_PORT")

        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = EmbeddedPostgres(data / "postgres")
            database_url = postgres.start()
            cleanup.callback(postgres.stop)
            print(f"postgres   embedded, data in {postgres.data_dir}")
            parts.append(_restartable_postgres(postgres))
        stack["DATABASE_URL"] = database_url
        applied = asyncio.run(apply_migrations(database_url))
        print(f"migrations {len(applied)} applied")
        for loaded in asyncio.run(load_unverified_shipped(database_url)):
            state = "loaded" if loaded.changed else "already loaded"
            print(f"reference  {loaded.file_name} {state}, UNVERIFIED; known doubts:")
            for doubt in loaded.doubts:
                print(f"           {doubt}")

        temporal_address = os.environ.get("TEMPORAL_ADDRESS")
        ui_url = os.environ.get("TEMPORAL_UI_URL", f"http://localhost:{ui_port}")
        if not temporal_address:
            ensure_port_free(HOST, temporal_port, "Temporal server", "TEMPORAL_PORT")
            ensure_port_free(HOST, ui_port, "Temporal Web UI", "TEMPORAL_UI_PORT")
            temporal = ManagedProcess(
                "temporal",
                dev_server_command(
                    host=HOST,
                    port=temporal_port,
                    ui_port=ui_port,
                    db_file=data / "temporal.db",
                    codec_endpoint=f"http://localhost:{api_port}/codec",
                ),
                logs / "temporal.log",
            ).start()
            cleanup.callback(temporal.stop)
            wait_for_port(HOST, temporal_port, 60, temporal)
            print(f"temporal pid {temporal.pid}", flush=True)
            parts.append(_restartable(temporal, HOST, temporal_port))
            temporal_address = f"{HOST}:{temporal_port}"
            # The UI's page may be opened under either name.
            stack["MEDALLION_CODEC_CORS_ORIGINS"] = (
                f"http://localhost:{ui_port},http://127.0.0.1:{ui_port}"
            )
        stack["TEMPORAL_ADDRESS"] = temporal_address
        if not os.environ.get("MEDALLION_CODEC_KEYS"):
            stack["MEDALLION_CODEC_KEYS"] = local_codec_keys(data)
        stack["TEMPORAL_UI_URL"] = ui_url
        # A webhook receiver on localhost is what one tries locally (docs/webhooks.md).
        stack["MEDALLION_WEBHOOK_BLOCK_PRIVATE"] = os.environ.get(
            "MEDALLION_WEBHOOK_BLOCK_PRIVATE", "false"
        )

        if not (os.environ.get("TIPARSER_URL") and os.environ.get("CASEHELPER_API_URL")):
            ensure_port_free(HOST, sandbox_port, "sandbox sources", "SANDBOX_PORT")
            sandbox = ManagedProcess(
                "sandbox",
                [python, "-m", "sandbox", "--host", HOST, "--port", str(sandbox_port)],
                logs / "sandbox.log",
            ).start()
            cleanup.callback(sandbox.stop)
            wait_for_port(HOST, sandbox_port, 30, sandbox)
            parts.append(_restartable(sandbox, HOST, sandbox_port))
            stack["SANDBOX_URL"] = f"http://{HOST}:{sandbox_port}"
        _write_stack_file(stack)

        # Started after the stack file exists: both read it. The metrics port goes to this
        # worker only, so a second worker started by hand does not compete for it.
        ensure_port_free(HOST, worker_metrics_port, "worker metrics", "WORKER_METRICS_PORT")
        worker = ManagedProcess(
            "worker",
            [python, str(PROJECT_ROOT / "worker.py")],
            logs / "worker.log",
            env={"WORKER_METRICS_PORT": str(worker_metrics_port), "WORKER_METRICS_HOST": HOST},
        ).start()
        cleanup.callback(worker.stop, 40)
        api = ManagedProcess(
            "api",
            [python, "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", HOST, "--port", str(api_port), "--no-access-log"],
            logs / "api.log",
        ).start()  # fmt: skip
        cleanup.callback(api.stop)
        api_url = f"http://localhost:{api_port}"
        wait_for_port(HOST, api_port, 60, api)
        _wait_ready(api_url, 60)

        for process in (worker, api):
            print(f"{process.name} pid {process.pid}", flush=True)
        print(
            "\nMedallion is running:\n"
            f"  API            {api_url}   (docs: {api_url}/docs)\n"
            f"  Temporal UI    {ui_url}\n"
            f"  Metrics        {api_url}/metrics (API)\n"
            f"                 http://{HOST}:{worker_metrics_port}/metrics (worker)\n"
            f"  Temporal gRPC  {temporal_address}\n"
            + (f"  Sandbox        {stack['SANDBOX_URL']}\n" if "SANDBOX_URL" in stack else "")
            + f"  Logs           {logs}\n"
            f"\nTry:  curl -X POST {api_url}/api/cases/1295022/extract\n"
            f"      curl {api_url}/api/cases/1295022/status\n"
            "\nCtrl-C stops everything.",
            flush=True,
        )
        parts += [_restartable(worker), _restartable(api, HOST, api_port)]
        try:
            _supervise(Supervisor(parts, say=_say))
        finally:
            print("\nstopping ...", flush=True)
    print("stopped.")


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
