"""The REST API: starts, signals and queries workflows and reads counts; never fetches data.

Run with `uvicorn api.main:create_app --factory`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

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
from medallion.platform.settings import Settings, load_settings
from medallion.platform.temporal import connect
from medallion.platform.tracing import Tracing


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
    resolved = settings
    interceptors = tracing.temporal_interceptors() if tracing else []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = resolved
        app.state.pool = await create_pool(
            resolved.require_database_url(), max_size=resolved.database_pool_size
        )
        # Lazy: the API starts (and answers 503 with a reason) while Temporal is down.
        app.state.temporal = await connect(app.state.settings, lazy=True, interceptors=interceptors)
        # A namespace from Temporal's own configuration (a profile, TEMPORAL_NAMESPACE read by
        # envconfig) is the one the UI links must name.
        namespace = app.state.temporal.namespace
        if namespace != resolved.temporal_namespace:
            app.state.settings = resolved.model_copy(update={"temporal_namespace": namespace})
        if served:  # the process is ours alone (not a test's)
            freeze_startup_heap()
        try:
            yield
        finally:
            await app.state.pool.close()
            if served and tracing is not None:
                tracing.shutdown()

    app = FastAPI(
        title="Medallion",
        summary="Durable ingestion of tax-resolution case data into Bronze, Silver and Gold.",
        version="0.1.0",
        lifespan=lifespan,
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
    # Added last runs first: request id, log line and metrics, CORS (answers preflights),
    # then the guard (keys and sizes) before any route reads a body.
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
    install_error_handlers(app)
    if tracing is not None:
        tracing.instrument_app(app)
    app.include_router(health.router, prefix="/api")
    app.include_router(metrics.router)
    app.include_router(cases.router, prefix="/api")
    app.include_router(case_list.router, prefix="/api")
    app.include_router(batch.router, prefix="/api")
    app.include_router(events.router, prefix="/api")
    app.include_router(schedules.router, prefix="/api")
    app.include_router(summary.router, prefix="/api")
    app.include_router(changes.router, prefix="/api")
    app.include_router(ui.router, prefix="/api")
    app.include_router(webhooks.router, prefix="/api")
    app.include_router(legacy.router, prefix="/api")
    app.include_router(codec.router)
    openapi.install(
        app,
        api_keys=bool(settings.api_keys()),
        # The Web UI's forwarded login token and the static token are both a bearer token.
        codec_token=bool(codec_token) or codec_verifier is not None,
    )
    return app
