"""Short hands for driving a case through the API and the sandbox in tests."""

from typing import Any

import httpx

from tests.support.polling import eventually


async def status_of(api: httpx.AsyncClient, case_id: str) -> dict[str, Any]:
    response = await api.get(f"/api/cases/{case_id}/status")
    assert response.status_code in (200, 404), response.text
    return response.json()  # type: ignore[no-any-return]


async def wait_for_status(
    api: httpx.AsyncClient, case_id: str, wanted: str, timeout_s: float = 90
) -> dict[str, Any]:
    return await eventually(
        lambda: status_of(api, case_id), lambda s: s["status"] == wanted, timeout_s=timeout_s
    )


async def add_fault(sandbox: httpx.AsyncClient, **fault: Any) -> str:
    response = await sandbox.post("/_sandbox/faults", json=fault)
    assert response.status_code in (200, 201), response.text
    return str(response.json()["fault_id"])


async def pin_canonical_profile(sandbox: httpx.AsyncClient, case_id: str) -> None:
    """Give a fresh case id the sandbox's canonical shapes (all four sources present)."""
    response = await sandbox.put(f"/_sandbox/cases/{case_id}/profile", json={})
    assert response.status_code == 200, response.text
