"""The codec server: Temporal's protocol over the API, for the Web UI and the CLI."""

import base64
import json
from collections.abc import Iterator

import httpx
import pytest
from google.protobuf import json_format
from pydantic import SecretStr
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.main import create_app
from medallion.platform.codec import ENCODING
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.history import CLEAR_BY_DESIGN, ended_history, payloads_in
from tests.support.threaded_server import serve_in_thread
from workflows.models import workflow_id_for

UI_ORIGIN = "http://ui.example:8233"
API_KEY = "codec-test-api-key"
CODEC_TOKEN = "codec-test-token"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


CLEAR_DATA = b64('{"detail": "hello"}')
CLEAR = {"metadata": {"encoding": b64("json/plain")}, "data": CLEAR_DATA}


@pytest.fixture
def guarded_url(settings: Settings) -> Iterator[str]:
    """An API with a key, a codec token and the UI's origin configured."""
    guarded = settings.model_copy(
        update={
            "medallion_api_key": SecretStr(API_KEY),
            "medallion_codec_token": SecretStr(CODEC_TOKEN),
            "temporal_ui_url": f"{UI_ORIGIN}/",
        }
    )
    with serve_in_thread(create_app(guarded)) as url:
        yield url


async def test_a_real_history_decodes_through_the_endpoint(
    api: httpx.AsyncClient, worker: Worker, temporal_env: WorkflowEnvironment, new_case_id: str
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    history = await ended_history(
        temporal_env.client.get_workflow_handle(workflow_id_for(new_case_id))
    )
    tree = json.loads(history.to_json())
    stored = [json_format.MessageToDict(p) for p in payloads_in(tree, skip=CLEAR_BY_DESIGN)]

    response = await api.post("/codec/decode", json={"payloads": stored})

    assert response.status_code == 200, response.text
    decoded = response.json()["payloads"]
    assert len(decoded) == len(stored)
    assert all(p["metadata"]["encoding"] == b64(ENCODING.decode()) for p in stored)
    encodings = {base64.b64decode(p["metadata"]["encoding"]) for p in decoded}
    assert b"json/plain" in encodings
    assert ENCODING not in encodings
    clear = b"".join(base64.b64decode(p.get("data", "")) for p in decoded)
    assert new_case_id.encode() in clear


async def test_encode_then_decode_gives_the_payload_back(api: httpx.AsyncClient) -> None:
    encoded = await api.post("/codec/encode", json={"payloads": [CLEAR]})
    (sealed,) = encoded.json()["payloads"]

    decoded = await api.post("/codec/decode", json={"payloads": [sealed]})

    assert base64.b64decode(sealed["metadata"]["encoding"]) == ENCODING
    assert base64.b64decode(sealed["data"]) != base64.b64decode(CLEAR_DATA)
    assert decoded.json() == {"payloads": [CLEAR]}


async def test_bad_input_is_a_400_with_the_reason(api: httpx.AsyncClient) -> None:
    not_base64 = await api.post(
        "/codec/decode", json={"payloads": [{"metadata": {}, "data": "%%%"}]}
    )
    unknown_key = await api.post(
        "/codec/decode",
        json={
            "payloads": [
                {
                    "metadata": {
                        "encoding": b64(ENCODING.decode()),
                        "encryption-key-id": b64("retired-long-ago"),
                    },
                    "data": b64("x" * 40),
                }
            ]
        },
    )

    not_ascii = await api.post("/codec/encode", json={"payloads": [{"data": "\u0092"}]})

    assert not_ascii.status_code == 400
    assert not_base64.status_code == 400
    assert "payload 0" in not_base64.json()["detail"]
    assert unknown_key.status_code == 400
    assert "'retired-long-ago'" in unknown_key.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"X-API-Key": "wrong"}, 401),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": CODEC_TOKEN}, 401),
        ({"X-API-Key": API_KEY}, 200),
        ({"Authorization": f"Bearer {CODEC_TOKEN}"}, 200),
    ],
)
def test_the_codec_needs_the_api_key_or_the_codec_token(
    guarded_url: str, headers: dict[str, str], status: int
) -> None:
    response = httpx.post(
        f"{guarded_url}/codec/encode", json={"payloads": [CLEAR]}, headers=headers
    )

    assert response.status_code == status, response.text
    if status == 401:
        assert "codec token" in response.json()["detail"]


def test_the_ui_origin_passes_the_preflight_and_reads_the_answer(guarded_url: str) -> None:
    preflight = httpx.options(
        f"{guarded_url}/codec/decode",
        headers={
            "Origin": UI_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-namespace,authorization",
        },
    )
    answer = httpx.post(
        f"{guarded_url}/codec/decode",
        json={"payloads": [CLEAR]},
        headers={
            "Origin": UI_ORIGIN,
            "X-Namespace": "default",
            "Authorization": f"Bearer {CODEC_TOKEN}",
        },
    )

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == UI_ORIGIN
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert {"content-type", "x-namespace", "authorization"} <= set(allowed.split(", "))
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == UI_ORIGIN
    assert answer.headers["access-control-allow-credentials"] == "true"


def test_other_origins_get_no_cors_grant(guarded_url: str) -> None:
    preflight = httpx.options(
        f"{guarded_url}/codec/decode",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    answer = httpx.post(
        f"{guarded_url}/codec/decode",
        json={"payloads": [CLEAR]},
        headers={"Origin": "http://evil.example", "X-API-Key": API_KEY},
    )

    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in answer.headers
