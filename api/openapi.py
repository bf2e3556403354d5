"""The OpenAPI document, telling a client who may call what by the rule api/guard.py applies:
open routes (health, metrics, docs) never ask for a key; with no key configured nothing does
(the codec unless a codec token is set); otherwise every other route wants `X-API-Key`, and the
codec takes that key or the codec token. A route that asks for no credential lists no 401, and
an open route, which takes no body, no 413.
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.cors import CODEC_PREFIX
from api.guard import API_KEY_HEADER, OPEN_PATHS

API_KEY = "ApiKey"
CODEC_TOKEN = "CodecToken"
SCHEMES: dict[str, dict[str, str]] = {
    API_KEY: {
        "type": "apiKey",
        "in": "header",
        "name": API_KEY_HEADER,
        "description": "one of the API's keys (MEDALLION_API_KEYS)",
    },
    CODEC_TOKEN: {
        "type": "http",
        "scheme": "bearer",
        "description": "the codec token (MEDALLION_CODEC_TOKEN), codec routes only",
    },
}


def credentials(path: str, *, api_keys: bool, codec_token: bool) -> list[str]:
    """The security schemes any one of which lets a request through to `path`; none: open."""
    if path in OPEN_PATHS:
        return []
    if path.startswith(CODEC_PREFIX):
        return [API_KEY] * api_keys + [CODEC_TOKEN] * codec_token
    return [API_KEY] * api_keys


def _state_who_may_call(schema: dict[str, Any], *, api_keys: bool, codec_token: bool) -> None:
    used: set[str] = set()
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            needed = credentials(path, api_keys=api_keys, codec_token=codec_token)
            operation.pop("security", None)
            if needed:
                operation["security"] = [{name: []} for name in needed]
                used.update(needed)
            else:
                operation["responses"].pop("401", None)
            if path in OPEN_PATHS:
                operation["responses"].pop("413", None)
    components = schema.setdefault("components", {})
    components.pop("securitySchemes", None)
    if used:
        components["securitySchemes"] = {name: SCHEMES[name] for name in sorted(used)}


def install(app: FastAPI, *, api_keys: bool, codec_token: bool) -> None:
    """Serve FastAPI's document, generated once, with security stated per route."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def contract() -> dict[str, Any]:
        if app.openapi_schema is None:
            _state_who_may_call(generate(), api_keys=api_keys, codec_token=codec_token)
        return app.openapi_schema or {}

    app.openapi = contract  # type: ignore[method-assign]
