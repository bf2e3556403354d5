"""The worker's build id: a digest of the code a worker runs, not of whatever it imported."""

import shutil
from pathlib import Path

from medallion.platform.build_id import WORKER_CODE, worker_build_id


def project(root: Path) -> Path:
    (root / "workflows").mkdir(parents=True)
    (root / "activities").mkdir()
    (root / "medallion" / "platform").mkdir(parents=True)
    (root / "worker.py").write_text("main()\n")
    (root / "workflows" / "case.py").write_text("STEPS = 4\n")
    (root / "activities" / "fetch.py").write_text("def fetch(): ...\n")
    (root / "medallion" / "platform" / "db.py").write_text("POOL = 8\n")
    return root


def test_equal_code_gives_an_equal_id_and_changed_code_another(tmp_path: Path) -> None:
    first = project(tmp_path / "a")
    same = shutil.copytree(first, tmp_path / "b")
    changed = shutil.copytree(first, tmp_path / "c")
    (changed / "workflows" / "case.py").write_text("STEPS = 5\n")

    assert worker_build_id(first) == worker_build_id(same)
    assert worker_build_id(changed) != worker_build_id(first)
    assert len(worker_build_id(first)) == 16


def test_what_a_worker_does_not_run_leaves_the_id_alone(tmp_path: Path) -> None:
    first = project(tmp_path / "a")
    other = shutil.copytree(first, tmp_path / "b")
    (other / "workflows" / "__pycache__").mkdir()
    (other / "workflows" / "__pycache__" / "case.cpython-311.pyc").write_bytes(b"\0\1")
    (other / "README.md").write_text("docs\n")
    (other / "api").mkdir()
    (other / "api" / "main.py").write_text("app = None\n")

    assert worker_build_id(other) == worker_build_id(first)


def test_a_missing_part_is_left_out_not_an_error(tmp_path: Path) -> None:
    first = project(tmp_path / "a")
    (first / "worker.py").unlink()

    assert len(worker_build_id(first)) == 16


def test_the_project_itself_has_every_part_the_id_covers() -> None:
    root = Path(__file__).resolve().parents[2]
    assert all((root / part).exists() for part in WORKER_CODE)
    assert worker_build_id() == worker_build_id(root)
