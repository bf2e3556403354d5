"""What a chaos run does, drawn from one seed so that a run can be replayed: the case ids, the
fault each case's sources get from the sandbox, and when each part of the stack is killed."""

import random
from dataclasses import asdict, dataclass, field
from typing import Any

FIRST_CASE_ID = 7_000_000
SOURCES = ("at", "wi", "trt", "interview")
# 200 bodies Postgres cannot hold as JSON: kept as bytes, the source fails as contract_error.
ODD_BODY_KINDS = ("nan_json", "nul_byte", "non_json")
ODD_BODY_SHARE = 0.04
TRANSIENT_SHARE = 0.25
# Source calls time out after this (the stack's TIPARSER/CASEHELPER_TIMEOUT_S); a `timeout`
# fault answers later than that.
SOURCE_TIMEOUT_S = 4.0


@dataclass(frozen=True)
class CaseFault:
    """A sandbox fault for one case's source; `times` None lasts until the faults are cleared."""

    case_id: str
    source: str
    kind: str
    times: int | None
    delay_s: float = 0.0
    status: int = 500
    retry_after_s: int = 1

    def spec(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        if self.kind == "latency":
            return "timeout"
        if self.kind == "status":
            return f"{self.status} burst"
        return self.kind


@dataclass(frozen=True)
class Disruption:
    """At `at_s` seconds into the triggers: `action`, then (for a kill) `down_s` before restart."""

    at_s: float
    action: str  # "kill <part>", "expire sessions", "503 burst"
    down_s: float = 0.0


@dataclass(frozen=True)
class Plan:
    seed: int
    case_ids: list[str]
    trigger_window_s: float
    faults: list[CaseFault] = field(default_factory=list)
    disruptions: list[Disruption] = field(default_factory=list)

    def odd_bodies(self) -> list[CaseFault]:
        return [f for f in self.faults if f.kind in ODD_BODY_KINDS]

    @property
    def downtime_s(self) -> float:
        """How long the plan keeps parts of the stack down, all kills together."""
        return sum(d.down_s for d in self.disruptions)


def _transient(case_id: str, source: str, kind: str) -> CaseFault:
    if kind == "timeout":
        return CaseFault(case_id, source, "latency", 1, delay_s=SOURCE_TIMEOUT_S + 2)
    if kind == "rate_limit":
        return CaseFault(case_id, source, "rate_limit", 2, retry_after_s=2)
    if kind == "session_expired":
        return CaseFault(case_id, source, "session_expired", 1)
    return CaseFault(case_id, source, "status", 3, status=503)


def make_plan(seed: int, cases: int, *, small: bool, postgres_down_s: float = 3.0) -> Plan:
    """`small`: the `make test` version, one worker kill and one Postgres kill, two fault kinds
    plus odd bodies; otherwise every kill and every fault kind. `postgres_down_s`: how long
    Postgres stays down once killed (minutes play a real outage)."""
    rng = random.Random(seed)
    case_ids = [str(FIRST_CASE_ID + i) for i in range(cases)]
    transient_kinds = (
        ("5xx", "rate_limit") if small else ("5xx", "timeout", "rate_limit", "session_expired")
    )
    odd_kinds = ("nul_byte",) if small else ODD_BODY_KINDS
    faults: list[CaseFault] = []
    for case_id in case_ids:
        draw = rng.random()
        source = rng.choice(SOURCES)
        if draw < ODD_BODY_SHARE:
            faults.append(CaseFault(case_id, source, rng.choice(odd_kinds), None))
        elif draw < ODD_BODY_SHARE + TRANSIENT_SHARE:
            faults.append(_transient(case_id, source, rng.choice(transient_kinds)))
    # Triggers are spread over the window; every disruption falls inside it, so it meets
    # cases in flight.
    window_s = max(8.0, cases * (0.15 if small else 0.12))
    actions: list[tuple[str, float]] = [("kill worker", 0.5), ("kill postgres", postgres_down_s)]
    if not small:
        actions += [
            ("kill worker", 0.5),
            ("kill temporal", 5.0),
            ("expire sessions", 0.0),
            ("expire sessions", 0.0),
            ("503 burst", 0.0),
        ]
    disruptions = sorted(
        (
            Disruption(round(rng.uniform(0.15, 0.85) * window_s, 1), action, down_s)
            for action, down_s in actions
        ),
        key=lambda d: d.at_s,
    )
    return Plan(seed, case_ids, window_s, faults, disruptions)
