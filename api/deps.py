"""Dependencies shared by the routes: settings, the Temporal client and the Postgres pool,
all created once in the app's lifespan."""

from typing import Annotated

import asyncpg
from fastapi import Depends, Header, HTTPException, Path, Request
from temporalio.client import Client
from temporalio.converter import PayloadCodec

from medallion.settings import Settings

CASE_ID_PATTERN = r"^[0-9]{1,12}$"


def get_settings(request: Request) -> Settings:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    settings: Settings = request.app.state.settings
    return settings


def get_temporal(request: Request) -> Client:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    temporal: Client = request.app.state.temporal
    return temporal


def get_codec(request: Request) -> PayloadCodec:
    """The payload codec of the API's own Temporal client (medallion.temporal.data_converter)."""
    codec = get_temporal(request).data_converter.payload_codec
    if codec is None:
        raise RuntimeError("the API's Temporal client has no payload codec")
    return codec


def get_pool(request: Request) -> asyncpg.Pool:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    pool: asyncpg.Pool = request.app.state.pool
    return pool


SettingsDep = Annotated[Settings, Depends(get_settings)]
TemporalDep = Annotated[Client, Depends(get_temporal)]
CodecDep = Annotated[PayloadCodec, Depends(get_codec)]
PoolDep = Annotated[asyncpg.Pool, Depends(get_pool)]
CaseIdPath = Annotated[
    str,
    Path(
        pattern=CASE_ID_PATTERN,
        description="The source systems' case number: 1 to 12 digits.",
        examples=["1295022"],
    ),
]


def require_codec_access(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """The codec answers an API key as X-API-Key or the codec token as `Authorization: Bearer`
    (what the Web UI forwards); open only while neither is configured."""
    key, token = settings.medallion_api_key, settings.medallion_codec_token
    if key is None and token is None:
        return
    if key is not None and x_api_key == key.get_secret_value():
        return
    if token is not None and authorization == f"Bearer {token.get_secret_value()}":
        return
    raise HTTPException(
        status_code=401, detail="missing or wrong X-API-Key or codec token (Authorization: Bearer)"
    )


def require_api_key(
    settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None
) -> None:
    """When MEDALLION_API_KEY is set, callers must send it as X-API-Key."""
    expected = settings.medallion_api_key
    if expected is not None and x_api_key != expected.get_secret_value():
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key")
