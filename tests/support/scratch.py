import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A directory outside pytest's tmp tree, for data an embedded Postgres must reach.

    Run as root, the embedded Postgres runs as a system user of its own, which must be able to
    enter every parent of its data directory. Any pytest session starting on the machine resets
    pytest's shared tmp root to mode 0700, which would lock that user out mid-run.
    """
    with tempfile.TemporaryDirectory(prefix="medallion-test-") as path:
        yield Path(path)
