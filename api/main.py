"""The REST API: starts, signals and queries workflows and reads counts; never fetches data.

Run with `uvicorn api.main:create_app --factory --timeout-keep-alive 75`: the keep-alive is
explained at `medallion/devstack/stack.py` KEEP_ALIVE_S.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import APIRouter, FastAPI

from api import metrics, openapi
from api.cors import RouteCORS
from api.errors import install_error_handlers
from api.guard import ApiGuard
from api.request_middleware import RequestMiddleware
from api.routes import (
    batch,
    case_list,
    cases,
    changes,
    codec,
    events,
    health,
    legacy,
    schedules,
    summary,
    ui,
    webhooks,
)
from api.schemas import ErrorDetail
from medallion.platform.db import create_pool
from medallion.platform.heap import freeze_startup_heap
from medallion.platform.logs import configure_logging
from medallion.platform.oidc import AccessTokenVerifier
from medallion.platform.settings import Settings, load_settings
from medallion.platform.temporal import connect
from medallion.platform.tracing import Tracing

# Every router and the prefix it is served under, in the order they are matched and listed.
ROUTERS: tuple[tuple[APIRouter, str], ...] = (
    (health.router, "/api"),
    (metrics.router, ""),
    (cases.router, "/api"),
    (case_list.router, "/api"),
    (batch.router, "/api"),
    (events.router, "/api"),
    (schedules.router, "/api"),
    (summary.router, "/api"),
    (changes.router, "/api"),
    (ui.router, "/api"),
    (webhooks.router, "/api"),
    (legacy.router, "/api"),
    (codec.router, ""),
)


def create_app(settings: Settings | None = None, tracing: Tracing | None = None) -> FastAPI:
    """`tracing`: the process's tracer provider (medallion/platform/tracing.py); served by
    uvicorn, the environment decides it."""
    served = settings is None
    if settings is None:
        # Started by uvicorn: read the environment now and log in our format from here on,
        # uvicorn's own lines included.
        settings = load_settings()
        configure_logging(settings.log_format, settings.log_level)
        tracing = Tracing.from_environment("medallion-api")
        if tracing is not None:
            tracing.instrument_libraries()
    app = FastAPI(
        title="Medallion",
        summary="Durable ingestion of tax-resolution case data into Bronze, Silver and Gold.",
        version="0.1.0",
        lifespan=_lifespan(settings, tracing, served),
        # What api/guard.py and the body parser may answer on any route.
        responses={
            400: {"model": ErrorDetail, "description": "The body is not JSON"},
            401: {"model": ErrorDetail, "description": "Missing or wrong X-API-Key"},
            413: {"model": ErrorDetail, "description": "The body is over the size limit"},
        },
    )
    codec_token = (
        settings.medallion_codec_token.get_secret_value()
        if settings.medallion_codec_token
        else None
    )
    codec_verifier = settings.codec_token_verifier()
    _add_middleware(app, settings, codec_token, codec_verifier)
    install_error_handlers(app)
    if tracing is not None:
        tracing.instrument_app(app)
    for router, prefix in ROUTERS:
        app.include_router(router, prefix=prefix)
    openapi.install(
        app,
        api_keys=bool(settings.api_keys()),
        # The Web UI's forwarded login token and the static token are both a bearer token.
        codec_token=bool(codec_token) or codec_verifier is not None,
    )
    return app


def _lifespan(
    settings: Settings, tracing: Tracing | None, served: bool
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The pool and the Temporal client, opened at start-up; `served`: the process is ours
    alone (not a test's), so the heap is frozen and tracing shut down with it."""
    interceptors = tracing.temporal_interceptors() if tracing else []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.pool = await create_pool(
            settings.require_database_url(), max_size=settings.database_pool_size
        )
        # Lazy: the API starts (and answers 503 with a reason) while Temporal is down.
        app.state.temporal = await connect(app.state.settings, lazy=True, interceptors=interceptors)
        # A namespace from Temporal's own configuration (a profile, TEMPORAL_NAMESPACE read by
        # envconfig) is the one the UI links must name.
        namespace = app.state.temporal.namespace
        if namespace != settings.temporal_namespace:
            app.state.settings = settings.model_copy(update={"temporal_namespace": namespace})
        if served:
            freeze_startup_heap()
        try:
            yield
        finally:
            await app.state.pool.close()
            if served and tracing is not None:
                tracing.shutdown()

    return lifespan


def _add_middleware(
    app: FastAPI,
    settings: Settings,
    codec_token: str | None,
    codec_verifier: AccessTokenVerifier | None,
) -> None:
    """Added last runs first: request id, log line and metrics, CORS (answers preflights),
    then the guard (keys and sizes) before any route reads a body."""
    app.add_middleware(
        ApiGuard,
        api_keys=settings.api_keys(),
        codec_token=codec_token,
        codec_verifier=codec_verifier,
        max_body_bytes=settings.medallion_max_body_bytes,
        codec_max_body_bytes=settings.medallion_codec_max_body_bytes,
    )
    app.add_middleware(
        RouteCORS,
        codec_origins=settings.codec_cors_origins(),
        api_origins=settings.cors_origins(),
    )
    app.add_middleware(RequestMiddleware)
