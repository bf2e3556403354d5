"""CaseHelper's HTTP contract (DOMAIN 1.3.1, 1.3.2): cookie-session login and the interview."""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sandbox.serving import Authorizer, answer_data_call, apply_fault, error, tag
from sandbox.state import SandboxState, StateDep

router = APIRouter(tags=["casehelper"])

SESSION_COOKIE = "session"


def _same(supplied: Any, expected: str) -> bool:
    return isinstance(supplied, str) and hmac.compare_digest(supplied.encode(), expected.encode())


def _credentials(body: Any) -> dict[str, Any] | None:
    """Variant A nests the credentials under "credentials"; variant B sends them flat."""
    if not isinstance(body, dict):
        return None
    nested = body.get("credentials")
    credentials = nested if isinstance(nested, dict) else body
    if not isinstance(credentials.get("username"), str):
        return None
    if not isinstance(credentials.get("password"), str):
        return None
    return credentials


@router.post("/v2/auth/login")
async def login(request: Request, state: StateDep) -> Response:
    tag(request, None, "login")
    faulted = await apply_fault(request, state, "casehelper", "login", None)
    if faulted is not None:
        return faulted
    try:
        body = json.loads(await request.body())
    except ValueError:
        return error(400, "Request body must be JSON")
    credentials = _credentials(body)
    if credentials is None:
        return error(422, "username and password are required")
    settings = state.settings
    username_ok = _same(credentials["username"], settings.casehelper_username)
    password_ok = _same(credentials["password"], settings.casehelper_password)
    if not (username_ok and password_ok):
        return error(401, "Invalid username or password")
    session = state.sessions.create()
    csrf = secrets.token_urlsafe(16)
    response = JSONResponse(
        {"status": 200, "cookies": {SESSION_COOKIE: session, "csrftoken": csrf}}
    )
    # The session also arrives as Set-Cookie, with a load-balancer cookie only sent that way.
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="lax")
    response.set_cookie("lb_affinity", "sandbox-node-1", samesite="lax")
    return response


def session_check(state: SandboxState) -> Authorizer:
    api_key = state.settings.casehelper_api_key

    def check(request: Request) -> Response | None:
        if not state.sessions.is_valid(request.cookies.get(SESSION_COOKIE)):
            return error(401, "Not authenticated")
        if api_key is not None and not _same(request.headers.get("x-api-key"), api_key):
            return error(403, "Invalid or missing API key")
        return None

    return check


@router.api_route("/api/cases/{case_id}/interview", methods=["GET", "POST"])
async def interview(case_id: str, request: Request, state: StateDep) -> Response:
    return await answer_data_call(
        request, state, "casehelper", "interview", case_id, session_check(state)
    )
