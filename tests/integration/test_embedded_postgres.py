"""The embedded Postgres leaves nothing behind once stopped: a process that starts and stops one
in a scratch directory exits with that directory gone, lock file and all."""

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.support.scratch import scratch_dir

START_STOP_IN_SCRATCH = textwrap.dedent(
    """
    import sys, tempfile
    from pathlib import Path
    from medallion.devstack.postgres import EmbeddedPostgres

    with tempfile.TemporaryDirectory(dir=sys.argv[1]) as scratch:
        server = EmbeddedPostgres(Path(scratch) / "data")
        server.start()
        server.stop()
    """
)


def test_a_stopped_server_leaves_its_scratch_directory_empty() -> None:
    with scratch_dir() as parent:
        parent.chmod(0o755)  # the server's own system user must enter it
        subprocess.run(
            [sys.executable, "-c", START_STOP_IN_SCRATCH, str(parent)],
            check=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path.cwd())},
        )
        assert list(parent.iterdir()) == []
