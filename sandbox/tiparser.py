"""TiParser's HTTP contract (DOMAIN 1.2.1): analyses, the interview mirror and health."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sandbox.data import Source
from sandbox.serving import Authorizer, answer_data_call, apply_fault, error, tag
from sandbox.state import SandboxState, StateDep

router = APIRouter(tags=["tiparser"])

ANALYSIS_KINDS: dict[str, Source] = {"at": "at", "wi": "wi", "trt": "trt"}


def api_key_check(state: SandboxState) -> Authorizer:
    expected = state.settings.tiparser_api_key.encode()

    def check(request: Request) -> Response | None:
        supplied = request.headers.get("x-api-key", "").encode()
        if supplied and hmac.compare_digest(supplied, expected):
            return None
        return error(403, "Invalid or missing API key")

    return check


@router.api_route("/analysis/{kind}/{case_id}", methods=["GET", "POST"])
async def analysis(kind: str, case_id: str, request: Request, state: StateDep) -> Response:
    source = ANALYSIS_KINDS.get(kind)
    if source is None:
        return error(404, f"Unknown analysis kind {kind!r}")
    return await answer_data_call(request, state, "tiparser", source, case_id, api_key_check(state))


@router.api_route("/api/cases/{case_id}/interview", methods=["GET", "POST"])
async def interview_mirror(case_id: str, request: Request, state: StateDep) -> Response:
    check = api_key_check(state)
    return await answer_data_call(request, state, "tiparser", "interview", case_id, check)


@router.get("/health")
async def health(request: Request, state: StateDep) -> Response:
    tag(request, None, "health")
    faulted = await apply_fault(request, state, "tiparser", "health", None)
    if faulted is not None:
        return faulted
    denied = api_key_check(state)(request)
    if denied is not None:
        return denied
    return JSONResponse({"status": "ok", "service": "tiparser-sandbox"})
