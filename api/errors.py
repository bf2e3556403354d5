"""Error answers: never echoing what the caller sent (it may be huge or unprintable), and a
503 with a reason, not a bare 500, when Postgres is unreachable."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from medallion.db import UNREACHABLE_ERRORS

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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)
    for error in UNREACHABLE_ERRORS:
        app.add_exception_handler(error, _postgres_unreachable)
