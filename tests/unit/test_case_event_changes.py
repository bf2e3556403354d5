"""Which events take a reader from one snapshot of a run to the next."""

from api.case_events import Snapshot, changes

RUNNING = {"state": "running", "outcome": None, "http_status": None}
STORED = {"state": "succeeded", "outcome": "stored", "http_status": 200}


def test_a_new_run_opens_with_its_stage_then_every_source() -> None:
    now = Snapshot("r1", "fetching", True, {"at": RUNNING, "wi": RUNNING})
    assert [name for name, _ in changes(None, now)] == ["stage", "source", "source"]


def test_only_changes_are_sent_sources_before_the_stage_they_lead_to() -> None:
    before = Snapshot("r1", "fetching", True, {"at": RUNNING, "wi": STORED})
    now = Snapshot("r1", "silver", True, {"at": STORED, "wi": STORED})
    assert changes(before, now) == [
        ("source", {"run_id": "r1", "source": "at", **STORED}),
        ("stage", {"run_id": "r1", "stage": "silver"}),
    ]


def test_nothing_changed_sends_nothing_and_a_closed_run_ends_the_stream() -> None:
    same = Snapshot("r1", "gold", True, {"at": STORED})
    assert changes(same, same) == []
    closed = Snapshot("r1", "complete", False, {"at": STORED})
    assert changes(same, closed)[-1] == ("closed", {"run_id": "r1", "stage": "complete"})


def test_a_new_run_of_the_same_case_starts_over() -> None:
    before = Snapshot("r1", "complete", False, {"at": STORED})
    now = Snapshot("r2", "fetching", True, {"at": RUNNING})
    assert changes(before, now)[0] == ("stage", {"run_id": "r2", "stage": "fetching"})


def test_a_build_that_found_changes_is_one_event_before_the_stage_it_leads_to() -> None:
    building = Snapshot("r1", "gold", True, {"at": STORED})
    built = Snapshot("r1", "complete", True, {"at": STORED}, {"alert": 2, "info": 1})
    assert changes(building, built) == [
        ("changes", {"run_id": "r1", "alert": 2, "info": 1}),
        ("stage", {"run_id": "r1", "stage": "complete"}),
    ]
    assert changes(built, built) == []


def test_a_build_without_changes_sends_no_event() -> None:
    building = Snapshot("r1", "gold", True, {"at": STORED})
    built = Snapshot("r1", "gold", True, {"at": STORED}, {"alert": 0, "info": 0})
    assert changes(building, built) == []


def test_a_reader_joining_after_the_build_is_told_of_its_changes() -> None:
    closed = Snapshot("r1", "complete", False, {"at": STORED}, {"alert": 0, "info": 3})
    names = [name for name, _ in changes(None, closed)]
    assert names == ["stage", "source", "changes", "closed"]
