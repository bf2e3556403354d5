"""A typed async client for the sandbox's admin API, to keep tests short."""

from __future__ import annotations

from typing import Any

import httpx

from sandbox.faults import FaultKind, FaultSource


class SandboxAdmin:
    def __init__(self, base_url: str, http: httpx.AsyncClient) -> None:
        self._base = f"{base_url.rstrip('/')}/_sandbox"
        self._http = http

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._http.request(method, f"{self._base}{path}", **kwargs)
        response.raise_for_status()
        return response.json()

    async def add_fault(
        self,
        kind: FaultKind,
        *,
        case_id: str | None = None,
        source: FaultSource | None = None,
        times: int | None = None,
        delay_s: float = 0.0,
        status: int = 500,
        retry_after_s: int = 1,
        body: str | None = None,
    ) -> str:
        spec = {
            "kind": kind,
            "case_id": case_id,
            "source": source,
            "times": times,
            "delay_s": delay_s,
            "status": status,
            "retry_after_s": retry_after_s,
            "body": body,
        }
        created = await self._call("POST", "/faults", json=spec)
        return str(created["fault_id"])

    async def faults(self) -> list[dict[str, Any]]:
        listed = await self._call("GET", "/faults")
        return list(listed["faults"])

    async def delete_fault(self, fault_id: str) -> None:
        await self._call("DELETE", f"/faults/{fault_id}")

    async def clear_faults(self) -> None:
        await self._call("DELETE", "/faults")

    async def bump_revision(self, case_id: str) -> int:
        bumped = await self._call("POST", f"/cases/{case_id}/revision")
        return int(bumped["revision"])

    async def describe_case(self, case_id: str) -> dict[str, Any]:
        described = await self._call("GET", f"/cases/{case_id}")
        return dict(described)

    async def pin_profile(self, case_id: str, **changes: Any) -> dict[str, Any]:
        """Serve the case as the canonical case plus `changes` (e.g. absent=["trt"])."""
        pinned = await self._call("PUT", f"/cases/{case_id}/profile", json=changes)
        return dict(pinned)

    async def reset(self) -> None:
        await self._call("DELETE", "/state")

    async def requests(self, case_id: str | None = None) -> list[dict[str, Any]]:
        params = {"case_id": case_id} if case_id is not None else {}
        logged = await self._call("GET", "/requests", params=params)
        return list(logged["requests"])

    async def expire_sessions(self) -> int:
        expired = await self._call("POST", "/sessions/expire")
        return int(expired["expired"])
