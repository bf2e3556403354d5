"""One FastAPI app serving both sources: TiParser under /tiparser, CaseHelper under /casehelper."""

from __future__ import annotations

from fastapi import FastAPI

from sandbox import admin, casehelper, tiparser
from sandbox.request_log import RequestLogMiddleware
from sandbox.settings import SandboxSettings
from sandbox.state import SandboxState

TIPARSER_PREFIX = "/tiparser"
CASEHELPER_PREFIX = "/casehelper"


def create_app(settings: SandboxSettings | None = None) -> FastAPI:
    state = SandboxState.create(settings or SandboxSettings())
    app = FastAPI(
        title="Medallion sandbox sources",
        description="Local stand-ins for TiParser and CaseHelper. See sandbox/README.md.",
    )
    app.state.sandbox = state
    app.include_router(tiparser.router, prefix=TIPARSER_PREFIX)
    app.include_router(casehelper.router, prefix=CASEHELPER_PREFIX)
    app.include_router(admin.router)
    app.add_middleware(RequestLogMiddleware, log=state.log, admin_prefix=admin.ADMIN_PREFIX)
    return app
