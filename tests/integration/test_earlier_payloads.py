"""Silver and Gold built from a payload this run did not fetch say so, per source, in the status
report and the summary (issue 8.7)."""

from datetime import datetime

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

    report = await _rebuild_from_bronze(api, new_case_id)

    body = report.json()
    fetched_on = datetime.fromisoformat(body["bronze"]["sources"]["at"]["last_fetched_at"]).date()
    for source in ("at", "wi", "interview"):
        assert body["bronze"]["sources"][source]["payload_from_earlier_run"] is True
    used = {
        w["source"]: w["detail"] for w in body["warnings"] if w["code"] == "earlier_payload_used"
    }
    assert set(used) >= {"at", "wi", "interview"}
    assert f"payload fetched {fetched_on}" in used["at"]


async def test_the_summary_names_every_source_whose_older_payload_its_gold_used(
    api: httpx.AsyncClient, worker: Worker, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    first = (await api.get(f"/api/cases/{new_case_id}/summary")).json()
    assert first["earlier_payloads"] == []
    assert not any(w["code"] == "earlier_payload_used" for w in first["warnings"])

    report = await _rebuild_from_bronze(api, new_case_id)
    summary = (await api.get(f"/api/cases/{new_case_id}/summary")).json()

    earlier = {e["source"]: e for e in summary["earlier_payloads"]}
    assert set(earlier) >= {"at", "wi", "interview"}
    assert earlier["at"]["state_in_run"] == "skipped"
    # The payload Gold used: the one the status report names, fetched by the first run.
    fetched_at = report.json()["bronze"]["sources"]["at"]["last_fetched_at"]
    assert earlier["at"]["fetched_at"] == fetched_at
    used = {
        w["source"]: w["detail"] for w in summary["warnings"] if w["code"] == "earlier_payload_used"
    }
    assert set(used) == set(earlier)
    assert f"payload fetched {datetime.fromisoformat(fetched_at).date()}" in used["at"]


async def _rebuild_from_bronze(api: httpx.AsyncClient, case_id: str) -> httpx.Response:
    """Trigger a run that fetches nothing, and wait for its status to read complete."""
    rebuild = await api.post(f"/api/cases/{case_id}/extract", params={"fetch": "false"})
    return await eventually(
        lambda: api.get(f"/api/cases/{case_id}/status"),
        lambda r: (
            r.json()["workflow"]["run_id"] == rebuild.json()["run_id"]
            and r.json()["status"] == "complete"
        ),
    )
