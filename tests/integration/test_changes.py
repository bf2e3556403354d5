"""Changes between builds on the real stack (DOMAIN §7): sandbox revisions over loopback, the
workflow, Gold's change rows, and the API that reads them."""

import asyncio
import datetime
import json
from decimal import Decimal
from typing import Any

import asyncpg
import httpx
from httpx_sse import aconnect_sse
from temporalio.client import Client
from temporalio.worker import Worker

from medallion.gold.change_kinds import KINDS
from sandbox.data.at_ledger import revision_postings
from sandbox.data.persona import build_persona
from sandbox.data.profiles import CANONICAL
from sandbox.data.wi import revision_forms
from tests.integration.test_privacy import identifiers
from tests.support.case_ids import fresh_case_id
from tests.support.cases import pin_canonical_profile, status_of
from tests.support.history import ended_history
from tests.support.polling import eventually
from workflows.models import GoldPromotion, workflow_id_for


async def run_once(api: httpx.AsyncClient, case_id: str) -> dict[str, Any]:
    """Trigger a run of the case and wait until that run is complete; its status report."""
    started = await api.post(f"/api/cases/{case_id}/extract")
    assert started.status_code in (200, 202), started.text
    run_id = started.json()["run_id"]
    return await eventually(
        lambda: status_of(api, case_id),
        lambda s: (s.get("workflow") or {}).get("run_id") == run_id and s["status"] == "complete",
        timeout_s=120,
    )


async def bump(sandbox: httpx.AsyncClient, case_id: str) -> None:
    response = await sandbox.post(f"/_sandbox/cases/{case_id}/revision")
    assert response.status_code in (200, 201), response.text


async def case_changes(api: httpx.AsyncClient, case_id: str, **params: Any) -> list[dict[str, Any]]:
    response = await api.get(f"/api/cases/{case_id}/changes", params=params)
    assert response.status_code == 200, response.text
    return response.json()["changes"]  # type: ignore[no-any-return]


def cents(amount: int) -> str:
    return f"{Decimal(amount) / 100:.2f}"


def latest_module(summary: dict[str, Any]) -> dict[str, Any]:
    (module,) = summary["tax_years"][-1]["modules"]
    return module  # type: ignore[no-any-return]


async def test_a_first_build_and_an_unchanged_reingestion_record_no_change(
    api: httpx.AsyncClient, worker: Worker, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    first = await run_once(api, new_case_id)
    second = await run_once(api, new_case_id)

    for report in (first, second):
        assert (report["changes"]["alert"], report["changes"]["info"]) == (0, 0)
    assert await case_changes(api, new_case_id) == []
    builds = await pg_pool.fetch(
        "SELECT run_id, previous_build_id FROM gold_builds WHERE case_id = $1 ORDER BY build_id",
        new_case_id,
    )
    assert [b["run_id"] for b in builds] == [
        first["workflow"]["run_id"],
        second["workflow"]["run_id"],
    ]
    assert builds[0]["previous_build_id"] is None


async def test_a_new_revision_records_its_postings_as_changes(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    first = await run_once(api, new_case_id)
    summary_before = (await api.get(f"/api/cases/{new_case_id}/summary")).json()
    await bump(sandbox, new_case_id)
    second = await run_once(api, new_case_id)
    summary_after = (await api.get(f"/api/cases/{new_case_id}/summary")).json()
    changes = await case_changes(api, new_case_id)

    persona = build_persona(new_case_id, CANONICAL)
    latest = persona.years[-1].year
    assessment, levy, _payment = revision_postings(persona, 1)
    interest_form, w2 = revision_forms(persona, latest, 1)
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for change in changes:
        by_kind.setdefault(change["kind"], []).append(change)
        assert change["run_id"] == second["workflow"]["run_id"]
        assert change["previous_run_id"] == first["workflow"]["run_id"]

    (action,) = by_kind.pop("collection_action_added")
    assert (action["severity"], action["tax_year"], action["before"]) == ("alert", latest, None)
    assert action["key"] == {
        "tax_year": latest,
        "owner": "TP",
        "code": "971",
        "posted_date": levy.day.isoformat(),
        "amount": "0.00",
    }
    (added,) = by_kind.pop("assessment_added")
    assert added["severity"] == "alert"
    assert added["key"] == {
        "tax_year": latest,
        "owner": "TP",
        "assessment_code": "290",
        "assessment_date": assessment.day.isoformat(),
        "assessed_amount": cents(assessment.cents),
    }
    (balance,) = by_kind.pop("balance_changed")
    payoff_before = latest_module(summary_before)["balance"]["payoff_balance"]
    payoff_after = latest_module(summary_after)["balance"]["payoff_balance"]
    assert (balance["key"], balance["severity"]) == ({"tax_year": latest, "owner": "TP"}, "alert")
    assert (balance["before"], balance["after"]) == (
        {"payoff_balance": payoff_before},
        {"payoff_balance": payoff_after},
    )
    assert Decimal(payoff_after) - Decimal(payoff_before) >= 100
    documents = by_kind.pop("income_document_added")
    assert {(d["severity"], d["tax_year"]) for d in documents} == {("info", latest)}
    assert sorted(
        (d["key"]["form_type"], d["key"]["issuer_tin_last4"], d["key"]["gross_amount"])
        for d in documents
    ) == [
        ("1099-INT", interest_form.payer.ein_last4, cents(interest_form.income)),
        ("W-2", w2.payer.ein_last4, cents(w2.income)),
    ]
    csed_before = latest_module(summary_before)["csed"]["latest_csed"]
    csed_after = latest_module(summary_after)["csed"]["latest_csed"]
    if csed_before != csed_after:  # unless an open tolling holds the year's CSED open
        (csed,) = by_kind.pop("csed_changed")
        assert (csed["severity"], csed["after"]["latest_csed"]) == ("alert", csed_after)
    flags = ("sfr_indicator", "aur_indicator", "exam_indicator")
    flags_before = {f: latest_module(summary_before)["flags"][f] for f in flags}
    if flags_before != {f: latest_module(summary_after)["flags"][f] for f in flags}:
        (flag,) = by_kind.pop("flag_changed")  # an underreporter year that now owes
        assert (flag["severity"], flag["before"]) == ("alert", flags_before)
    # The interview's cash on hand grows too: the options may move, nothing else may.
    assert set(by_kind) <= {"eligibility_changed"}, by_kind
    counts = second["changes"]
    assert (counts["alert"], counts["info"]) == (
        sum(c["severity"] == "alert" for c in changes),
        sum(c["severity"] == "info" for c in changes),
    )


async def test_the_case_log_pages_newest_first_and_filters(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await run_once(api, new_case_id)
    for _ in range(2):
        await bump(sandbox, new_case_id)
        await run_once(api, new_case_id)
    everything = await case_changes(api, new_case_id)

    paged: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = (await api.get(f"/api/cases/{new_case_id}/changes", params=params)).json()
        paged.extend(page["changes"])
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    ids = [c["change_id"] for c in paged]
    assert ids == sorted(ids, reverse=True) == [c["change_id"] for c in everything]
    alerts = await case_changes(api, new_case_id, severity="alert")
    assert alerts and [c for c in everything if c["severity"] == "alert"] == alerts
    levies = await case_changes(api, new_case_id, kind="collection_action_added")
    assert len(levies) == 2
    future = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    assert await case_changes(api, new_case_id, since=future.isoformat()) == []


async def test_the_feed_gives_every_change_once_in_order_while_cases_refresh(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, pg_pool: asyncpg.Pool
) -> None:
    case_ids = [fresh_case_id() for _ in range(6)]
    for case_id in case_ids:
        await pin_canonical_profile(sandbox, case_id)
    await asyncio.gather(*(run_once(api, case_id) for case_id in case_ids))
    for case_id in case_ids:
        await bump(sandbox, case_id)

    seen: list[dict[str, Any]] = []
    cursor: str | None = None

    async def poll() -> bool:
        """One read of the feed, small pages, to the end; True when a page was full."""
        nonlocal cursor
        params: dict[str, Any] = {"limit": 7}
        if cursor is not None:
            params["cursor"] = cursor
        page = (await api.get("/api/changes", params=params)).json()
        seen.extend(page["changes"])
        cursor = page["next_cursor"] or cursor
        return bool(page["more"])

    refreshes = asyncio.gather(*(run_once(api, case_id) for case_id in case_ids))
    while not refreshes.done():
        while await poll():
            pass
        await asyncio.sleep(0.05)
    await refreshes
    written = await pg_pool.fetch(
        "SELECT change_id FROM case_changes WHERE case_id = ANY($1)", case_ids
    )

    async def caught_up() -> int:
        while await poll():
            pass
        return len([c for c in seen if c["case_id"] in case_ids])

    await eventually(caught_up, lambda n: n >= len(written), timeout_s=30)
    mine = [c["change_id"] for c in seen if c["case_id"] in case_ids]
    assert sorted(mine) == sorted(r["change_id"] for r in written)
    everything = [c["change_id"] for c in seen]
    assert len(everything) == len(set(everything))  # nothing handed out twice
    assert {c["case_id"] for c in seen if c["kind"] == "collection_action_added"} >= set(case_ids)


async def test_the_status_stream_tells_of_a_build_that_found_changes(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, new_case_id: str
) -> None:
    await run_once(api, new_case_id)
    await bump(sandbox, new_case_id)
    second = await run_once(api, new_case_id)

    async with aconnect_sse(api, "GET", f"/api/cases/{new_case_id}/events") as source:
        events = [(e.event, json.loads(e.data)) async for e in source.aiter_sse()]
    (found,) = [data for name, data in events if name == "changes"]
    assert found == {"run_id": second["workflow"]["run_id"], **_counts(second)}


def _counts(report: dict[str, Any]) -> dict[str, int]:
    return {"alert": report["changes"]["alert"], "info": report["changes"]["info"]}


async def test_change_rows_hold_no_taxpayer_identifier(
    api: httpx.AsyncClient, worker: Worker, sandbox: httpx.AsyncClient, pg_pool: asyncpg.Pool
) -> None:
    case_ids = [fresh_case_id(), fresh_case_id()]
    for case_id, profile in zip(case_ids, ({}, {"silver_hazards": True}), strict=True):
        pinned = await sandbox.put(f"/_sandbox/cases/{case_id}/profile", json=profile)
        assert pinned.status_code == 200, pinned.text
        await run_once(api, case_id)
        await bump(sandbox, case_id)
        await run_once(api, case_id)

    rows = await pg_pool.fetch(
        "SELECT to_jsonb(c) AS row FROM case_changes c WHERE case_id = ANY($1)", case_ids
    )
    builds = await pg_pool.fetch(
        "SELECT compared FROM gold_builds WHERE case_id = ANY($1)", case_ids
    )
    payloads = await pg_pool.fetch(
        "SELECT raw_payload FROM bronze_payloads"
        " WHERE case_id = ANY($1) AND raw_payload IS NOT NULL",
        case_ids,
    )
    sensitive = {v for p in payloads for v in identifiers(json.loads(p["raw_payload"]))}
    answers = [(await api.get(f"/api/cases/{c}/changes")).text for c in case_ids]
    text = "\n".join([*(r["row"] for r in rows), *(b["compared"] for b in builds), *answers])
    assert len(rows) >= 2 and len(sensitive) > 20
    assert not sorted(v for v in sensitive if v in text)


async def test_a_since_or_cursor_that_does_not_parse_is_422(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    for path in (f"/api/cases/{new_case_id}/changes", "/api/changes"):
        for params in (
            {"since": "yesterday"},
            {"since": "0.5"},  # seconds since 1970: not what the schema's date-time says
            {"since": "2026-12-01T08:00:00"},  # no zone: which day is meant depends on where
            {"cursor": "not-a-cursor"},
            {"cursor": ""},
            {"cursor": "WzFd"},
        ):
            response = await api.get(path, params=params)
            assert response.status_code == 422, (path, params, response.text)


async def test_an_unknown_kind_is_422_and_lists_the_valid_ones(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/changes", params={"kind": "levy"})
    assert response.status_code == 422
    message = json.dumps(response.json())
    assert all(kind in message for kind in KINDS)


async def test_the_changes_of_an_unknown_case_are_404(
    api: httpx.AsyncClient, new_case_id: str
) -> None:
    assert (await api.get(f"/api/cases/{new_case_id}/changes")).status_code == 404


async def test_a_refresh_with_alerts_says_so_in_the_runs_history(
    api: httpx.AsyncClient,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    temporal_client: Client,
    new_case_id: str,
) -> None:
    await run_once(api, new_case_id)
    await bump(sandbox, new_case_id)
    second = await run_once(api, new_case_id)

    handle = temporal_client.get_workflow_handle(
        workflow_id_for(new_case_id), run_id=second["workflow"]["run_id"]
    )
    history = await ended_history(handle)  # Gold's completion follows the status's complete
    scheduled = {
        e.event_id: e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    }
    (gold,) = [
        e.activity_task_completed_event_attributes
        for e in history.events
        if e.HasField("activity_task_completed_event_attributes")
        and scheduled[e.activity_task_completed_event_attributes.scheduled_event_id]
        == "promote_gold"
    ]
    (result,) = await temporal_client.data_converter.decode(gold.result.payloads, [GoldPromotion])
    assert isinstance(result, GoldPromotion)
    assert [result.alert_changes, result.info_changes] == list(_counts(second).values())
    assert result.alert_changes > 0
