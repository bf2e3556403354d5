"""Dependencies shared by the routes: settings, the Temporal client and the Postgres pool,
all created once in the app's lifespan. They are `async def` although they never await: FastAPI
runs a plain `def` dependency in its thread pool, a thread handoff per dependency per request."""

from typing import Annotated

import asyncpg
from fastapi import Depends, Path, Request
from temporalio.client import Client
from temporalio.converter import PayloadCodec

from medallion.cases.identity import CASE_ID_PATTERN
from medallion.platform.settings import Settings


async def get_settings(request: Request) -> Settings:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    settings: Settings = request.app.state.settings
    return settings


async def get_temporal(request: Request) -> Client:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    temporal: Client = request.app.state.temporal
    return temporal


async def get_codec(request: Request) -> PayloadCodec:
    """The payload codec of the API's own Temporal client
    (medallion.platform.temporal.data_converter)."""
    codec = (await get_temporal(request)).data_converter.payload_codec
    if codec is None:
        raise RuntimeError("the API's Temporal client has no payload codec")
    return codec


async def get_pool(request: Request) -> asyncpg.Pool:
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
