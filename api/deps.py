"""Dependencies shared by the routes: settings, the Temporal client and the Postgres pool,
all created once in the app's lifespan."""

from typing import Annotated

import asyncpg
from fastapi import Depends, Header, HTTPException, Path, Request
from temporalio.client import Client

from medallion.case_identity import CASE_ID_PATTERN
from medallion.settings import Settings


def get_settings(request: Request) -> Settings:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    settings: Settings = request.app.state.settings
    return settings


def get_temporal(request: Request) -> Client:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    temporal: Client = request.app.state.temporal
    return temporal


def get_pool(request: Request) -> asyncpg.Pool:
    # Set once by the lifespan (api/main.py); app.state is untyped.
    pool: asyncpg.Pool = request.app.state.pool
    return pool


SettingsDep = Annotated[Settings, Depends(get_settings)]
TemporalDep = Annotated[Client, Depends(get_temporal)]
PoolDep = Annotated[asyncpg.Pool, Depends(get_pool)]
CaseIdPath = Annotated[
    str,
    Path(
        pattern=CASE_ID_PATTERN,
        description="The source systems' case number: 1 to 12 digits.",
        examples=["1295022"],
    ),
]


def require_api_key(
    settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None
) -> None:
    """When MEDALLION_API_KEY is set, callers must send it as X-API-Key."""
    expected = settings.medallion_api_key
    if expected is not None and x_api_key != expected.get_secret_value():
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key")
