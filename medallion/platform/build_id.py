"""The build id a worker reports to Temporal: which code completed each workflow task (the
history's `workerVersion`, the UI's worker list).

The SDK's default hashes the bytecode of every module the process has loaded: 0.8 s of CPU at
each worker start, and a value that changes with whatever else happens to be imported. The code
that runs the work is this project's own source and the SDK: hashing those is milliseconds, and
equal code gives an equal id on every host.
"""

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from medallion.platform.settings import PROJECT_ROOT

# What a worker process runs: the workflow and activity code and what it stands on.
WORKER_CODE = ("worker.py", "workflows", "activities", "medallion")


@functools.cache
def worker_build_id(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256(f"temporalio {version('temporalio')}".encode())
    for source in _sources(root):
        digest.update(str(source.relative_to(root)).encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _sources(root: Path) -> list[Path]:
    # A part that is missing (an image without worker.py, say) is code the process cannot run.
    found: list[Path] = []
    for part in WORKER_CODE:
        path = root / part
        if path.is_dir():
            found.extend(sorted(path.rglob("*.py")))
        elif path.is_file():
            found.append(path)
    return found
