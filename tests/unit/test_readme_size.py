"""The README stays a newcomer's page: under 20 KB, with detail in docs/."""

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_is_under_20_kb() -> None:
    assert len(README.read_bytes()) < 20 * 1024
