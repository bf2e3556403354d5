"""Faults injected by the admin API, matched against incoming source calls."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

FaultKind = Literal[
    "latency",
    "status",
    "rate_limit",
    "session_expired",
    "malformed_json",
    "non_json",
    "nan_json",
    "nul_escape",
    "nul_byte",
    "non_utf8",
    "binary",
    "unknown_wrapper",
    "empty",
    "method_not_allowed",
]
FaultSource = Literal["at", "wi", "trt", "interview", "login", "health"]


class FaultSpec(BaseModel):
    """Body of POST /_sandbox/faults. A null case_id or source matches any."""

    case_id: str | None = None
    source: FaultSource | None = None
    kind: FaultKind
    times: int | None = Field(default=None, ge=1, description="null: until cleared")
    delay_s: float = Field(default=0.0, ge=0, le=600)
    status: int = Field(default=500, ge=100, le=599)
    retry_after_s: int = Field(default=1, ge=0)
    body: str | None = None


@dataclass
class Fault:
    fault_id: str
    spec: FaultSpec
    remaining: int | None
    hits: int = 0

    def matches(self, case_id: str | None, source: FaultSource, method: str) -> bool:
        spec = self.spec
        if spec.case_id is not None and spec.case_id != case_id:
            return False
        if spec.source is not None and spec.source != source:
            return False
        # A 405 fault refuses GET only, so the POST fallback goes through.
        return not (spec.kind == "method_not_allowed" and method != "GET")

    def as_json(self) -> dict[str, object]:
        return {
            "fault_id": self.fault_id,
            **self.spec.model_dump(),
            "remaining": self.remaining,
            "hits": self.hits,
        }


class FaultBook:
    """Active faults, oldest first; the oldest matching fault answers a call."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)

    def add(self, spec: FaultSpec) -> Fault:
        fault = Fault(fault_id=f"fault-{next(self._ids)}", spec=spec, remaining=spec.times)
        self._faults.append(fault)
        return fault

    def remove(self, fault_id: str) -> bool:
        before = len(self._faults)
        self._faults = [fault for fault in self._faults if fault.fault_id != fault_id]
        return len(self._faults) != before

    def clear(self) -> None:
        self._faults.clear()

    def all(self) -> list[Fault]:
        return list(self._faults)

    def take(self, case_id: str | None, source: FaultSource, method: str) -> Fault | None:
        """The fault that answers this call, if any; a fault with `times` wears out."""
        for fault in self._faults:
            if fault.matches(case_id, source, method):
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None
