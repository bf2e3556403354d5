"""A whole stack of our own, on free ports and a scratch data dir, for the end-to-end benchmark
and `make chaos`: embedded Postgres, the Temporal dev server (as `make run` starts it), the
sandbox, the Medallion worker, optionally the no-op worker, and the API under uvicorn, each in
its own process. A part can be killed and restarted on the same data. Everything started here is
stopped on exit, in reverse order."""

import asyncio
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from medallion.devstack.codec_key import local_codec_keys
from medallion.devstack.postgres import EmbeddedPostgres
from medallion.devstack.processes import ManagedProcess, free_port, wait_for_port
from medallion.devstack.stack import api_command
from medallion.devstack.temporal import dev_server_command
from medallion.platform.migrate import apply_migrations
from medallion.platform.settings import PROJECT_ROOT, load_settings

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
    sandbox_url: str
    task_queue: str
    logs: Path
    postgres: EmbeddedPostgres
    processes: dict[str, ManagedProcess]  # by name: worker, api, temporal, sandbox, noop worker
    ports: dict[str, int]  # by process name, for those that listen

    @property
    def pids(self) -> dict[str, int]:
        """Process name → pid of the process now running (Postgres: its postmaster)."""
        pids = {name: p.pid for name, p in self.processes.items() if p.pid is not None}
        pids["postgres"] = _postmaster_pid(self.postgres.data_dir)
        return pids

    def kill(self, name: str) -> None:
        """SIGKILL a part (`postgres` or a process name), as a crash would."""
        if name == "postgres":
            self.postgres.kill()
        else:
            self.processes[name].kill()

    def restart(self, name: str) -> None:
        """Start a killed part again on the same data and ports; return once it listens."""
        if name == "postgres":
            if self.postgres.restart() != self.database_url:
                raise RuntimeError("postgres came back under another address")
            return
        process = self.processes[name].start()
        if name in self.ports:
            wait_for_port(HOST, self.ports[name], 60, process)

    def set_env(self, name: str, **values: str) -> None:
        """Change a process's environment for its next start."""
        process = self.processes[name]
        process.env = {**(process.env or {}), **values}


def _postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().splitlines()[0])


@contextmanager
def bench_stack(
    data_dir: Path, *, noop_worker: bool = True, env: dict[str, str] | None = None
) -> Iterator[BenchStack]:
    """Start the stack in `data_dir` (wiped first); yield it; stop every process on exit.
    `env` adds to the worker's and the API's environment (e.g. shorter source timeouts)."""
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
            "MEDALLION_CODEC_KEYS": local_codec_keys(data_dir),
            **(env or {}),
        }
        worker = ManagedProcess(
            "worker", [python, str(PROJECT_ROOT / "worker.py")], logs / "worker.log", env=env
        ).start()
        cleanup.callback(worker.stop, 40)
        processes = {"worker": worker, "temporal": temporal, "sandbox": sandbox}
        if noop_worker:
            noop = ManagedProcess(
                "noop worker",
                [python, "-m", "benchmarks.noop_workflow", "--address", temporal_address,
                 "--task-queue", NOOP_TASK_QUEUE],
                logs / "noop-worker.log",
                env={"SOURCE_CALLS_PER_S": str(BENCH_SOURCE_CALLS_PER_S)},
                cwd=PROJECT_ROOT,
            ).start()  # fmt: skip
            cleanup.callback(noop.stop)
            processes["noop worker"] = noop
        api_port = free_port()
        api = ManagedProcess(
            "api",
            [*api_command(HOST, api_port), "--log-level", "warning"],
            logs / "api.log",
            env=env,
            cwd=PROJECT_ROOT,
        ).start()
        cleanup.callback(api.stop)
        wait_for_port(HOST, api_port, 60, api)
        processes["api"] = api

        yield BenchStack(
            data_dir=data_dir,
            database_url=database_url,
            temporal_address=temporal_address,
            api_url=f"http://{HOST}:{api_port}",
            sandbox_url=f"http://{HOST}:{sandbox_port}",
            task_queue=settings.temporal_task_queue,
            logs=logs,
            postgres=postgres,
            processes=processes,
            ports={"temporal": temporal_port, "sandbox": sandbox_port, "api": api_port},
        )
