"""Silver and Gold built from a payload this run did not fetch say so, per source (issue 8.7)."""

from datetime import UTC, datetime

import httpx
from temporalio.worker import Worker

from tests.support.cases import wait_for_status
from tests.support.polling import eventually


async def test_a_rebuild_from_bronze_names_every_source_whose_older_payload_it_used(
    api: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    first = await wait_for_status(api, new_case_id, "complete")
    assert not any(s["payload_from_earlier_run"] for s in first["bronze"]["sources"].values())

    rebuild = await api.post(f"/api/cases/{new_case_id}/extract", params={"fetch": "false"})
    report = await eventually(
        lambda: api.get(f"/api/cases/{new_case_id}/status"),
        lambda r: (
            r.json()["workflow"]["run_id"] == rebuild.json()["run_id"]
            and r.json()["status"] == "complete"
        ),
    )

    body = report.json()
    today = datetime.now(UTC).date().isoformat()
    for source in ("at", "wi", "interview"):
        assert body["bronze"]["sources"][source]["payload_from_earlier_run"] is True
    used = {
        w["source"]: w["detail"] for w in body["warnings"] if w["code"] == "earlier_payload_used"
    }
    assert set(used) >= {"at", "wi", "interview"}
    assert f"payload fetched {today}" in used["at"]
