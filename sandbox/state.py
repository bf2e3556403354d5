"""Everything the sandbox remembers between calls, all in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from sandbox.data import CaseProfile, profile_for
from sandbox.faults import FaultBook
from sandbox.request_log import RequestLog
from sandbox.sessions import SessionStore
from sandbox.settings import SandboxSettings


@dataclass
class SandboxState:
    settings: SandboxSettings
    faults: FaultBook
    sessions: SessionStore
    log: RequestLog
    revisions: dict[str, int] = field(default_factory=dict)
    pinned_profiles: dict[str, CaseProfile] = field(default_factory=dict)

    @classmethod
    def create(cls, settings: SandboxSettings) -> SandboxState:
        return cls(
            settings=settings,
            faults=FaultBook(),
            sessions=SessionStore(settings.session_lifetime_s),
            log=RequestLog(settings.request_log_size),
        )

    def revision(self, case_id: str) -> int:
        return self.revisions.get(case_id, 0)

    def bump_revision(self, case_id: str) -> int:
        self.revisions[case_id] = self.revision(case_id) + 1
        return self.revisions[case_id]

    def profile(self, case_id: str) -> CaseProfile:
        return self.pinned_profiles.get(case_id) or profile_for(case_id)

    def reset(self) -> None:
        self.faults.clear()
        self.revisions.clear()
        self.pinned_profiles.clear()
        self.sessions.expire_all()
        self.log.clear()


def get_state(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


StateDep = Annotated[SandboxState, Depends(get_state)]
