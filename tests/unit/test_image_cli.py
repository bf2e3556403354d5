"""The image ships the `medallion` command: the Dockerfile puts deploy/bin/medallion on PATH, and
that script runs the CLI from the source tree as the image lays it out (no installed package)."""

import os
import subprocess
import sys
from pathlib import Path

from medallion.cli.main import package_version

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "deploy/bin/medallion"


def test_the_dockerfile_puts_the_command_on_path() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert f"COPY {SCRIPT} /usr/local/bin/medallion" in lines


def test_the_command_runs_the_cli_from_the_source_tree(tmp_path: Path) -> None:
    # As in the image: the virtualenv's python first on PATH, the code found through PYTHONPATH.
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [str(ROOT / SCRIPT), "--version"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"medallion {package_version()}"
