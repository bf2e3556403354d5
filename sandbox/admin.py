"""The sandbox's own control API under /_sandbox: faults, revisions, sessions, request log."""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from medallion.cases.identity import CASE_ID
from sandbox.data import Source
from sandbox.data.profiles import (
    CANONICAL,
    AtStyle,
    AtWrapper,
    CaseSize,
    InterviewLayout,
    TrtStyle,
    TrtWrapper,
    WiStyle,
    WiWrapper,
)
from sandbox.faults import FaultSpec
from sandbox.state import SandboxState, StateDep

ADMIN_PREFIX = "/_sandbox"

router = APIRouter(prefix=ADMIN_PREFIX, tags=["sandbox admin"])


def _valid_case_id(case_id: str) -> str:
    if not CASE_ID.fullmatch(case_id):
        raise HTTPException(status_code=422, detail="case_id must be 1 to 12 digits")
    return case_id


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.post("/faults")
async def add_fault(spec: FaultSpec, state: StateDep) -> dict[str, str]:
    return {"fault_id": state.faults.add(spec).fault_id}


@router.get("/faults")
async def list_faults(state: StateDep) -> dict[str, list[dict[str, object]]]:
    return {"faults": [fault.as_json() for fault in state.faults.all()]}


@router.delete("/faults")
async def clear_faults(state: StateDep) -> dict[str, int]:
    count = len(state.faults.all())
    state.faults.clear()
    return {"cleared": count}


@router.delete("/faults/{fault_id}")
async def delete_fault(fault_id: str, state: StateDep) -> dict[str, str]:
    if not state.faults.remove(fault_id):
        raise HTTPException(status_code=404, detail=f"No active fault {fault_id}")
    return {"deleted": fault_id}


class ProfileChanges(BaseModel):
    """Body of PUT /_sandbox/cases/{case_id}/profile: changes to the canonical profile."""

    at_wrapper: AtWrapper | None = None
    at_style: AtStyle | None = None
    wi_wrapper: WiWrapper | None = None
    wi_style: WiStyle | None = None
    trt_wrapper: TrtWrapper | None = None
    trt_style: TrtStyle | None = None
    interview_layout: InterviewLayout | None = None
    absent: list[Source] | None = None
    married: bool | None = None
    hazards: bool | None = None
    silver_hazards: bool | None = None
    size: CaseSize | None = None


def _described(case_id: str, state: SandboxState) -> dict[str, Any]:
    profile = asdict(state.profile(case_id))
    profile["absent"] = sorted(profile["absent"])
    return {
        "case_id": case_id,
        "revision": state.revision(case_id),
        "pinned": case_id in state.pinned_profiles,
        "profile": profile,
    }


@router.get("/cases/{case_id}")
async def describe_case(case_id: str, state: StateDep) -> dict[str, Any]:
    """The variants a case is served with, to explain a payload's shape."""
    return _described(_valid_case_id(case_id), state)


@router.put("/cases/{case_id}/profile")
async def pin_profile(case_id: str, changes: ProfileChanges, state: StateDep) -> dict[str, Any]:
    """Serve any case id (e.g. a fresh one per test) as the canonical case plus these changes."""
    fields = changes.model_dump(exclude_none=True)
    if "absent" in fields:
        fields["absent"] = frozenset(fields["absent"])
    state.pinned_profiles[_valid_case_id(case_id)] = replace(CANONICAL, **fields)
    return _described(case_id, state)


@router.post("/cases/{case_id}/revision")
async def bump_revision(case_id: str, state: StateDep) -> dict[str, Any]:
    return {"case_id": case_id, "revision": state.bump_revision(_valid_case_id(case_id))}


@router.delete("/state")
async def reset_state(state: StateDep) -> dict[str, bool]:
    state.reset()
    return {"reset": True}


@router.get("/requests")
async def request_log(state: StateDep, case_id: str | None = None) -> dict[str, Any]:
    return {"requests": [entry.as_json() for entry in state.log.entries(case_id)]}


@router.post("/sessions/expire")
async def expire_sessions(state: StateDep) -> dict[str, int]:
    return {"expired": state.sessions.expire_all()}
