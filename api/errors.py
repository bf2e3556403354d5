"""Error answers: never echoing what the caller sent (it may be huge or unprintable), a 503
with a reason, not a bare 500, when Postgres is unreachable, and a 405 whose Allow header names
every method of the path (Starlette names only those of the first route that matched it)."""

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from medallion.platform.db import UNREACHABLE_ERRORS

log = logging.getLogger("medallion.api")


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error.get("type")}
        for error in exc.errors()
    ]
    return JSONResponse({"detail": problems}, status_code=422)


async def _postgres_unreachable(request: Request, exc: Exception) -> JSONResponse:
    log.warning(
        "postgres unreachable", extra={"path": request.url.path, "error": type(exc).__name__}
    )
    return JSONResponse(
        {"detail": "Postgres is unavailable (no connection); try again shortly"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        # Asked of the router as it routes: which methods would a route take at this path.
        routes = request.app.router.routes
        allowed = [
            method
            for method in _METHODS
            if any(
                route.matches({**request.scope, "method": method})[0] == Match.FULL
                for route in routes
            )
        ]
        exc.headers = {**(exc.headers or {}), "Allow": ", ".join(allowed)}
    return await http_exception_handler(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    for error in UNREACHABLE_ERRORS:
        app.add_exception_handler(error, _postgres_unreachable)
