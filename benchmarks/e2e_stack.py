"""The end-to-end benchmark's own stack, on free ports and a scratch data dir: embedded
Postgres, the Temporal dev server (as `make run` starts it), the sandbox, the Medallion worker,
the no-op worker and the API under uvicorn, each in its own process. Everything started here is
stopped on exit, in reverse order."""

import asyncio
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from medallion.codec import new_codec_key
from medallion.devstack.postgres import EmbeddedPostgres
from medallion.devstack.processes import ManagedProcess, free_port, wait_for_port
from medallion.devstack.temporal import dev_server_command
from medallion.migrate import apply_migrations
from medallion.settings import PROJECT_ROOT, load_settings

HOST = "127.0.0.1"
NOOP_TASK_QUEUE = "noop-ceiling"
# Per source, far above what two cores reach: the limit stays out of both measurements.
BENCH_SOURCE_CALLS_PER_S = 1000


@dataclass
class BenchStack:
    data_dir: Path
    database_url: str
    temporal_address: str
    api_url: str
    task_queue: str
    pids: dict[str, int]  # process name → pid of the process (Postgres: its postmaster)
    logs: Path


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


@contextmanager
def bench_stack(data_dir: Path) -> Iterator[BenchStack]:
    """Start the stack in `data_dir` (wiped first); yield it; stop every process on exit."""
    shutil.rmtree(data_dir, ignore_errors=True)
    logs = data_dir / "logs"
    logs.mkdir(parents=True)
    python = sys.executable
    settings = load_settings(_env_file=None)
    with ExitStack() as cleanup:
        postgres = EmbeddedPostgres(data_dir / "postgres")
        database_url = postgres.start()
        cleanup.callback(postgres.stop)
        asyncio.run(apply_migrations(database_url))

        temporal_port = free_port()
        temporal = ManagedProcess(
            "temporal",
            dev_server_command(
                host=HOST,
                port=temporal_port,
                ui_port=free_port(),
                db_file=data_dir / "temporal.db",
            ),
            logs / "temporal.log",
        ).start()
        cleanup.callback(temporal.stop)
        wait_for_port(HOST, temporal_port, 60, temporal)
        temporal_address = f"{HOST}:{temporal_port}"

        sandbox_port = free_port()
        sandbox = ManagedProcess(
            "sandbox",
            [python, "-m", "sandbox", "--host", HOST, "--port", str(sandbox_port),
             "--log-level", "warning"],
            logs / "sandbox.log",
        ).start()  # fmt: skip
        cleanup.callback(sandbox.stop)
        wait_for_port(HOST, sandbox_port, 30, sandbox)

        # Given in the environment, which wins over any stack file; empty means unset, so real
        # sources configured in the caller's shell are never called.
        env = {
            "MEDALLION_STACK_FILE": os.devnull,
            "MEDALLION_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "TEMPORAL_ADDRESS": temporal_address,
            "TEMPORAL_NAMESPACE": "default",
            "SANDBOX_URL": f"http://{HOST}:{sandbox_port}",
            "TIPARSER_URL": "",
            "CASEHELPER_API_URL": "",
            "CASEHELPER_BASE_URL": "",
            # Measured: what the machinery costs, not the per-source rate limit, which would cap
            # both Medallion and the no-op ceiling at SOURCE_CALLS_PER_S workflows per second.
            "SOURCE_CALLS_PER_S": str(BENCH_SOURCE_CALLS_PER_S),
            # Payloads are always encrypted: a key for this run only.
            "MEDALLION_CODEC_KEYS": new_codec_key("bench").to_setting(),
        }
        worker = ManagedProcess(
            "worker", [python, str(PROJECT_ROOT / "worker.py")], logs / "worker.log", env=env
        ).start()
        cleanup.callback(worker.stop, 40)
        noop = ManagedProcess(
            "noop worker",
            [python, "-m", "benchmarks.noop_workflow", "--address", temporal_address,
             "--task-queue", NOOP_TASK_QUEUE],
            logs / "noop-worker.log",
            env={"SOURCE_CALLS_PER_S": str(BENCH_SOURCE_CALLS_PER_S)},
            cwd=PROJECT_ROOT,
        ).start()  # fmt: skip
        cleanup.callback(noop.stop)
        api_port = free_port()
        api = ManagedProcess(
            "api",
            [python, "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", HOST, "--port", str(api_port), "--no-access-log", "--log-level", "warning"],
            logs / "api.log",
            env=env,
            cwd=PROJECT_ROOT,
        ).start()  # fmt: skip
        cleanup.callback(api.stop)
        wait_for_port(HOST, api_port, 60, api)

        processes = {"worker": worker, "api": api, "temporal": temporal, "sandbox": sandbox}
        pids = {name: p.pid for name, p in processes.items() if p.pid is not None}
        pids["noop worker"] = noop.pid or 0
        pids["postgres"] = _postmaster_pid(postgres.data_dir)
        yield BenchStack(
            data_dir=data_dir,
            database_url=database_url,
            temporal_address=temporal_address,
            api_url=f"http://{HOST}:{api_port}",
            task_queue=settings.temporal_task_queue,
            pids=pids,
            logs=logs,
        )
