"""The OpenAPI schema states who may call what by the guard's rule, in each configuration, and a
405 names every method of its path. (Schemathesis holds the live API to the whole schema in
tests/integration/test_contract.py.)"""

from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from api.caller_input import PRINTABLE_PATTERN
from api.guard import OPEN_PATHS
from api.main import create_app
from medallion.platform.settings import Settings

CODEC = ("/codec/decode", "/codec/encode")


def schema(**secrets: str) -> dict[str, Any]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url="postgresql://nobody@127.0.0.1:1/none",
        **{name: SecretStr(value) for name, value in secrets.items()},
    )
    return create_app(settings).openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, ops in document["paths"].items() for op in ops.values()]


def test_open_mode_asks_no_credential_anywhere() -> None:
    document = schema()
    assert "securitySchemes" not in document["components"]
    for path, operation in operations(document):
        assert "security" not in operation, path
        assert "401" not in operation["responses"], path


def test_with_keys_every_route_but_the_open_ones_wants_one() -> None:
    document = schema(medallion_api_keys="k-0123456789")
    assert set(document["components"]["securitySchemes"]) == {"ApiKey"}
    for path, operation in operations(document):
        if path in OPEN_PATHS:
            assert "security" not in operation, path
            assert {"401", "413"}.isdisjoint(operation["responses"]), path
        else:
            assert operation["security"] == [{"ApiKey": []}], path
            assert "401" in operation["responses"], path


def test_a_codec_token_alone_guards_the_codec_only() -> None:
    document = schema(medallion_codec_token="t-0123456789")
    for path, operation in operations(document):
        expected: list[dict[str, list[str]]] | None = (
            [{"CodecToken": []}] if path in CODEC else None
        )
        assert operation.get("security") == expected, path


def test_an_oidc_login_alone_guards_the_codec_with_a_bearer_token() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url="postgresql://nobody@127.0.0.1:1/none",
        medallion_codec_oidc_issuer="https://idp.example.com/realms/ops",
        medallion_codec_oidc_audience="temporal-ui",
        medallion_codec_oidc_jwks_url="https://idp.example.com/realms/ops/certs",
    )
    for path, operation in operations(create_app(settings).openapi()):
        expected: list[dict[str, list[str]]] | None = (
            [{"CodecToken": []}] if path in CODEC else None
        )
        assert operation.get("security") == expected, path


def test_the_event_stream_and_printable_text_are_stated() -> None:
    document = schema()
    events = document["paths"]["/api/cases/{case_id}/events"]["get"]["responses"]["200"]
    assert list(events["content"]) == ["text/event-stream"]
    bodies = document["components"]["schemas"]
    assert bodies["CancelBody"]["properties"]["reason"]["pattern"] == PRINTABLE_PATTERN
    case_number = bodies["ExtractRequest"]["properties"]["case_number"]["anyOf"][0]
    assert case_number["pattern"] == PRINTABLE_PATTERN


@pytest.mark.parametrize(
    ("path", "allowed"),
    [("/api/schedules", "GET, POST"), ("/api/schedules/nightly", "DELETE, GET")],
)
async def test_405_names_every_method_of_the_path(path: str, allowed: str) -> None:
    app = create_app(
        Settings(_env_file=None, database_url="postgresql://nobody@127.0.0.1:1/none")  # type: ignore[call-arg]
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.request("PATCH", path)
    assert answer.status_code == 405
    assert answer.headers["allow"] == allowed
