"""Taxpayer data and secrets stay out of everything a run leaves outside Postgres: Temporal's
history as `temporal workflow show` prints it, the log output, and every API answer.

The sandbox's richest cases run end to end (canonical, the Silver hazards of 907002, the flat
interview of 905002). The identifiers to look for are read from what the sandbox served them
(their Bronze payloads): every SSN, name, date of birth, address, employer and bank account
number there.
"""

import asyncio
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.main import create_app
from medallion.devstack.temporal import temporal_binary
from medallion.platform.settings import (
    SANDBOX_CASEHELPER_PASSWORD,
    SANDBOX_TIPARSER_API_KEY,
    Settings,
)
from tests.support.case_ids import fresh_case_id
from tests.support.cases import wait_for_status
from tests.support.history import run_ended
from tests.support.threaded_server import serve_in_thread
from workflows.models import workflow_id_for

API_KEY = "privacy-test-api-key-7f3a9c"
CODEC_TOKEN = "privacy-test-codec-token-41d2e8"
PROFILES = {
    "canonical": {},
    "hazards (907002)": {"silver_hazards": True},
    "flat interview (905002)": {"interview_layout": "flat"},
}
# Keys under which a payload holds a taxpayer identifier (any spelling the sources use).
IDENTIFYING_KEY = re.compile(
    r"ssn|tin$|name|dob|birth|address|street|city|employer|account_?num|acct|routing",
    re.IGNORECASE,
)
MASKED = re.compile(r"[X*]{2}")
ACCOUNT_LIST = re.compile(r"account", re.IGNORECASE)
ACCOUNT_LABEL = re.compile(r"^(full_?)?name$", re.IGNORECASE)


def identifiers(node: Any, key: str = "", within: str = "") -> Iterator[str]:
    """Identifying values in a payload: text of five characters or more, numbers and dates of
    eight digits or more (so that counters cannot match by chance), masked values left out.
    A bank account's label (`Demo Bank Checking`, its institution and kind) is the financial
    statement's own content, not an identifier; its number is."""
    if isinstance(node, dict):
        for name, value in node.items():
            yield from identifiers(value, name, key or within)
    elif isinstance(node, list):
        for item in node:
            yield from identifiers(item, key, key or within)
    elif isinstance(node, str | int) and not isinstance(node, bool) and IDENTIFYING_KEY.search(key):
        if ACCOUNT_LIST.search(within) and ACCOUNT_LABEL.search(key):
            return
        text = str(node).strip()
        digits = re.sub(r"\D", "", text)
        if MASKED.search(text):
            return
        if re.search(r"[A-Za-z]", text):
            if len(text) >= 5:
                yield text
        elif len(digits) >= 8:  # dates of birth, SSNs, account numbers, as sent and as digits
            yield text
            if len(digits) >= 9:
                yield digits


@pytest.fixture
def keyed(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "medallion_api_keys": SecretStr(API_KEY),
            "medallion_codec_token": SecretStr(CODEC_TOKEN),
        }
    )


async def temporal_show(settings: Settings, workflow_id: str) -> str:
    process = await asyncio.create_subprocess_exec(
        str(temporal_binary()), "workflow", "show", "--output", "json",
        "--workflow-id", workflow_id, "--address", settings.temporal_address,
        "--namespace", settings.temporal_namespace,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_no_identifier_or_secret_leaves_postgres(
    keyed: Settings,
    worker: Worker,
    sandbox: httpx.AsyncClient,
    pg_pool: asyncpg.Pool,
    temporal_env: WorkflowEnvironment,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    case_ids = {name: fresh_case_id() for name in PROFILES}
    answers: list[str] = []
    with serve_in_thread(create_app(keyed)) as url:
        async with httpx.AsyncClient(
            base_url=url, headers={"X-API-Key": API_KEY}, timeout=30
        ) as api:
            for name, case_id in case_ids.items():
                pinned = await sandbox.put(
                    f"/_sandbox/cases/{case_id}/profile", json=PROFILES[name]
                )
                assert pinned.status_code == 200, pinned.text
                answers.append((await api.post(f"/api/cases/{case_id}/extract")).text)
            for case_id in case_ids.values():
                answers.append(json.dumps(await wait_for_status(api, case_id, "complete")))
                for path in ("status", "summary", "ui"):
                    answers.append((await api.get(f"/api/cases/{case_id}/{path}")).text)
            answers.append((await api.get("/api/cases", params={"limit": 50})).text)
            answers.append((await api.get("/api/health")).text)
    histories = []
    for case_id in case_ids.values():
        # Read whole: the result, the run's last payload, must carry no identifier either.
        await run_ended(temporal_env.client.get_workflow_handle(workflow_id_for(case_id)))
        histories.append(await temporal_show(keyed, workflow_id_for(case_id)))
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err

    payloads = await pg_pool.fetch(
        "SELECT raw_payload FROM bronze_payloads"
        " WHERE case_id = ANY($1) AND raw_payload IS NOT NULL",
        list(case_ids.values()),
    )
    sensitive = {v for row in payloads for v in identifiers(json.loads(row["raw_payload"]))}
    secrets = {
        API_KEY,
        CODEC_TOKEN,
        SANDBOX_TIPARSER_API_KEY,
        SANDBOX_CASEHELPER_PASSWORD,
        *(key.to_setting().partition(":")[2] for key in keyed.codec_keys()),
    }
    # The cases do carry identifiers of every kind (SSNs, dates of birth, names).
    assert len(sensitive) > 20, sorted(sensitive)
    assert any(re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) for v in sensitive), sorted(sensitive)
    assert any(re.search(r"(19|20)\d\d", v) and not v.isdigit() for v in sensitive)
    assert all(len(h) > 10_000 for h in histories)
    for what, text in (
        ("history", "\n".join(histories)),
        ("logs", logs),
        ("API answers", "\n".join(answers)),
    ):
        leaked = sorted(v for v in sensitive | secrets if v in text)
        assert not leaked, f"{what} carries {leaked}"
