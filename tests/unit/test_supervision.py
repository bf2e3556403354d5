"""The dev stack's supervisor: restarts with backoff, gives up with a reason (issue 8.4)."""

import pytest

from medallion.devstack import supervision
from medallion.devstack.supervision import MAX_RESTARTS_IN_A_ROW, Part, PartLost, Supervisor


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(supervision.time, "monotonic", clock)
    return clock


def test_a_dead_part_is_restarted_after_a_growing_pause_while_the_others_run(clock: Clock) -> None:
    alive = {"worker": True, "api": True}
    restarts: list[str] = []
    said: list[str] = []

    def restart(name: str) -> None:
        restarts.append(name)
        alive[name] = True

    def part(name: str) -> Part:
        return Part(name, lambda: alive[name], lambda: restart(name), f"{name}.log")

    parts = [part(name) for name in alive]
    supervisor = Supervisor(parts, said.append)

    alive["worker"] = False
    supervisor.check()
    assert said == ["worker died; restarting in 1 s (attempt 1 of 8; see worker.log)"]
    clock.now += 1
    supervisor.check()
    assert restarts == ["worker"] and said[-1] == "worker restarted"

    alive["worker"] = False  # dies again soon after: the pause doubles
    supervisor.check()
    assert "restarting in 2 s" in said[-1]
    assert alive["api"] and "api" not in restarts


def test_a_part_that_stays_up_starts_its_backoff_afresh(clock: Clock) -> None:
    alive = [True]
    said: list[str] = []
    part = Part("worker", lambda: alive[0], lambda: alive.__setitem__(0, True), "worker.log")
    supervisor = Supervisor([part], said.append)
    alive[0] = False
    supervisor.check()
    clock.now += 1
    supervisor.check()

    clock.now += supervision.HEALTHY_AFTER_S + 1
    supervisor.check()
    alive[0] = False
    supervisor.check()

    assert "restarting in 1 s (attempt 1" in said[-1]


def test_a_part_that_cannot_come_back_stops_the_stack_with_the_reason(clock: Clock) -> None:
    def restart() -> None:
        raise RuntimeError("temporal exited early; see temporal.log")

    part = Part("temporal", lambda: False, restart, "temporal.log")
    supervisor = Supervisor([part], lambda message: None)

    with pytest.raises(PartLost, match=r"temporal did not come back .* giving up"):
        for _ in range(2 * MAX_RESTARTS_IN_A_ROW + 2):
            supervisor.check()
            clock.now += supervision.MAX_DELAY_S
