"""The codec server behind the Web UI's OIDC login: the UI forwards the user's access token
(TEMPORAL_CODEC_PASS_ACCESS_TOKEN) and the API verifies it against the IdP's JWKS."""

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from google.protobuf import json_format
from pydantic import SecretStr
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.main import create_app
from medallion.devstack.processes import free_port
from medallion.platform.codec import ENCODING
from medallion.platform.settings import Settings
from tests.support.cases import wait_for_status
from tests.support.history import CLEAR_BY_DESIGN, ended_history, payloads_in
from tests.support.identity_provider import (
    AUDIENCE,
    IdentityProvider,
    identity_provider,
    new_rsa_key,
)
from tests.support.threaded_server import serve_in_thread
from workflows.models import workflow_id_for

API_KEY = "oidc-test-api-key"
CODEC_TOKEN = "oidc-test-codec-token"
DECODERS = "temporal-decoders"
CLEAR = {"metadata": {"encoding": base64.b64encode(b"json/plain").decode()}, "data": "e30="}


@dataclass
class GuardedCodec:
    url: str
    idp: IdentityProvider

    def decode(self, payloads: list[Any], token: str | None) -> httpx.Response:
        """The request the Temporal UI sends: its namespace and the user's bearer token."""
        headers = {"X-Namespace": "default", "Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.post(
            f"{self.url}/codec/decode", content=json.dumps({"payloads": payloads}), headers=headers
        )


@pytest.fixture
def codec(settings: Settings) -> Iterator[GuardedCodec]:
    """An API with keys, a codec token and the IdP configured; decoding needs a group."""
    with identity_provider() as idp:
        guarded = settings.model_copy(
            update={
                "medallion_api_key": SecretStr(API_KEY),
                "medallion_codec_token": SecretStr(CODEC_TOKEN),
                "medallion_codec_oidc_issuer": idp.issuer,
                "medallion_codec_oidc_audience": AUDIENCE,
                "medallion_codec_oidc_jwks_url": idp.jwks_url,
                "medallion_codec_oidc_required_claim": f"groups={DECODERS}",
            }
        )
        with serve_in_thread(create_app(guarded)) as url:
            yield GuardedCodec(url, idp)


async def test_the_uis_forwarded_token_decodes_a_real_history(
    api: httpx.AsyncClient,
    worker: Worker,
    temporal_env: WorkflowEnvironment,
    new_case_id: str,
    codec: GuardedCodec,
) -> None:
    await api.post(f"/api/cases/{new_case_id}/extract")
    await wait_for_status(api, new_case_id, "complete")
    history = await ended_history(
        temporal_env.client.get_workflow_handle(workflow_id_for(new_case_id))
    )
    stored = [
        json_format.MessageToDict(p)
        for p in payloads_in(json.loads(history.to_json()), skip=CLEAR_BY_DESIGN)
    ]
    token = codec.idp.token(groups=["staff", DECODERS])

    response = codec.decode(stored, token)

    assert response.status_code == 200, response.text
    decoded = response.json()["payloads"]
    assert len(decoded) == len(stored) > 0
    encodings = {base64.b64decode(p["metadata"]["encoding"]) for p in decoded}
    assert ENCODING not in encodings
    assert b"json/plain" in encodings
    clear = b"".join(base64.b64decode(p.get("data", "")) for p in decoded)
    assert new_case_id.encode() in clear


@pytest.mark.parametrize(
    ("forge", "status", "reason"),
    [
        (lambda idp: idp.token(groups=[DECODERS], lifetime_s=-120), 401, "expired"),
        (lambda idp: idp.token(groups=[DECODERS], iss="https://other.example"), 401, "issuer"),
        (lambda idp: idp.token(groups=[DECODERS], aud="another-app"), 401, "audience"),
        (lambda idp: idp.unsigned_token(groups=[DECODERS]), 401, "'none' is not accepted"),
        (
            lambda idp: idp.shared_secret_token(
                "guessed-secret-0123456789abcdef-guessed", groups=[DECODERS]
            ),
            401,
            "'HS256' is not accepted",
        ),
        (
            lambda idp: idp.token(groups=[DECODERS], key=new_rsa_key(), kid="rotated-out"),
            401,
            "'rotated-out', which the IdP's JWKS lacks",
        ),
        (lambda idp: idp.token(key=new_rsa_key(), groups=[DECODERS]), 401, "signature"),
        (lambda idp: idp.token(algorithm="ES256", groups=[DECODERS]), 401, "does not fit key"),
        (lambda idp: idp.token(groups=["staff"]), 403, f"'groups' to hold '{DECODERS}'"),
        (lambda idp: idp.token(), 403, "'groups'"),
        (lambda idp: "not-a-jwt", 401, "not a JWT"),
        (lambda idp: None, 401, "missing credentials"),
    ],
    ids=[
        "expired",
        "wrong-issuer",
        "wrong-audience",
        "alg-none",
        "alg-hs256",
        "unknown-key",
        "bad-signature",
        "alg-not-the-keys",
        "other-group",
        "no-groups",
        "not-a-jwt",
        "no-token",
    ],
)
def test_tokens_that_may_not_decode_are_refused_with_the_reason(
    codec: GuardedCodec,
    forge: Callable[[IdentityProvider], str | None],
    status: int,
    reason: str,
) -> None:
    token = forge(codec.idp)

    response = codec.decode([CLEAR], token)

    assert response.status_code == status, response.text
    assert reason in response.json()["detail"]


def test_the_static_token_and_the_api_key_still_decode(codec: GuardedCodec) -> None:
    by_token = codec.decode([CLEAR], CODEC_TOKEN)
    by_key = httpx.post(
        f"{codec.url}/codec/decode", json={"payloads": [CLEAR]}, headers={"X-API-Key": API_KEY}
    )

    assert by_token.status_code == 200, by_token.text
    assert by_key.status_code == 200, by_key.text
    assert by_token.json() == {"payloads": [CLEAR]}


def test_an_access_token_opens_the_codec_only(codec: GuardedCodec) -> None:
    token = codec.idp.token(groups=[DECODERS])

    response = httpx.get(f"{codec.url}/api/cases", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


def test_an_unreachable_identity_provider_is_a_503_with_the_reason(settings: Settings) -> None:
    with identity_provider() as idp:
        token = idp.token(groups=[DECODERS])
        unreachable = f"http://127.0.0.1:{free_port()}/jwks"
    guarded = settings.model_copy(
        update={
            "medallion_codec_oidc_issuer": idp.issuer,
            "medallion_codec_oidc_audience": AUDIENCE,
            "medallion_codec_oidc_jwks_url": unreachable,
        }
    )
    with serve_in_thread(create_app(guarded)) as url:
        response = GuardedCodec(url, idp).decode([CLEAR], token)

    assert response.status_code == 503
    assert "JWKS could not be fetched" in response.json()["detail"]
