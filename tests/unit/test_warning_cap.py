"""Warnings are capped, with a count and a sample, so Temporal history stays small (issue 8.9)."""

from activities.promote import WARNING_SAMPLE, capped
from workflows.models import Notice


def test_many_warnings_become_a_sample_and_a_count() -> None:
    found = [Notice(code="bad_amount", detail=f"record {i}", layer="silver") for i in range(5000)]

    sample = capped("silver", found)

    assert len(sample) == WARNING_SAMPLE + 1
    assert [w.detail for w in sample[:2]] == ["record 0", "record 1"]
    assert sample[-1].code == "warnings_capped"
    assert "5000 silver warnings" in sample[-1].detail


def test_a_few_warnings_pass_whole() -> None:
    found = [Notice(code="bad_amount", detail="record 0", layer="gold")]

    assert capped("gold", found) == found
