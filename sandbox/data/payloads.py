"""Response bodies per case, source and revision: the same inputs always give the same bytes."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sandbox.data.at import at_document, at_records
from sandbox.data.interview import interview_document
from sandbox.data.persona import build_persona
from sandbox.data.profiles import CANONICAL, CaseProfile, Source, profile_for
from sandbox.data.trt import trt_document, trt_records
from sandbox.data.wi import wi_document, wi_forms


def document(
    case_id: str, source: Source, revision: int = 0, profile: CaseProfile | None = None
) -> Any | None:
    """The JSON document a source returns for the case, or None when the source has none (404)."""
    profile = profile or profile_for(case_id)
    if source in profile.absent:
        return None
    persona = build_persona(case_id, profile)
    if source == "at":
        return at_document(persona, profile, revision)
    if source == "wi":
        return wi_document(persona, profile, revision)
    if source == "trt":
        return trt_document(persona, profile, revision)
    return interview_document(persona, profile, revision)


def records(
    case_id: str, source: Source, revision: int = 0, profile: CaseProfile | None = None
) -> Any:
    """The records without their wrapper: AT years, WI forms, TRT lines, interview sections."""
    profile = profile or profile_for(case_id)
    persona = build_persona(case_id, profile)
    if source == "at":
        return at_records(persona, profile, revision)
    if source == "wi":
        return [form for forms in wi_forms(persona, profile, revision).values() for form in forms]
    if source == "trt":
        return trt_records(persona, profile, revision)
    return interview_document(persona, profile, revision)


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")


@lru_cache(maxsize=512)
def payload_bytes(
    case_id: str, source: Source, revision: int = 0, profile: CaseProfile | None = None
) -> bytes | None:
    value = document(case_id, source, revision, profile)
    return None if value is None else encode(value)


@dataclass(frozen=True)
class CasePayloads:
    """The four response bodies of one case, as the sources send them (None = 404)."""

    case_id: str
    at: bytes | None
    wi: bytes | None
    trt: bytes | None
    interview: bytes | None

    def body(self, source: Source) -> bytes | None:
        bodies = {"at": self.at, "wi": self.wi, "trt": self.trt, "interview": self.interview}
        return bodies[source]


def case_payloads(case_id: str, revision: int = 0) -> CasePayloads:
    return CasePayloads(
        case_id=case_id,
        at=payload_bytes(case_id, "at", revision),
        wi=payload_bytes(case_id, "wi", revision),
        trt=payload_bytes(case_id, "trt", revision),
        interview=payload_bytes(case_id, "interview", revision),
    )


def large_case(case_id: str, revision: int = 0) -> CasePayloads:
    """30 tax years x 200 transactions, 2,000 WI forms, TRT lines and a full interview."""
    profile = replace(CANONICAL, size="large")

    def body(source: Source) -> bytes | None:
        value = document(case_id, source, revision, profile)
        return None if value is None else encode(value)

    return CasePayloads(case_id, body("at"), body("wi"), body("trt"), body("interview"))
