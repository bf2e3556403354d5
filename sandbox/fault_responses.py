"""The responses a fault produces instead of the normal answer."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, Literal

from fastapi.responses import JSONResponse, Response

from medallion.cases.identity import CASE_ID
from sandbox.data import records
from sandbox.faults import Fault, FaultSource
from sandbox.state import SandboxState

System = Literal["tiparser", "casehelper"]

MAINTENANCE_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Scheduled maintenance</title></head>"
    b"<body><h1>We'll be back soon</h1><p>The service is undergoing maintenance.</p></body></html>"
)

EMPTY_DOCUMENTS: dict[FaultSource, Any] = {
    "at": {"at_records": []},
    "wi": {"years_data": {}},
    "trt": {"records": []},
    "interview": {},
    "login": {"status": 200},
    "health": {},
}


# 200 bodies that parse as JSON to a lenient reader but that Postgres jsonb refuses, or that
# are not text at all. `{case}` becomes the case id.
_RECORD = b'{"case_id": "{case}", "records": [{"tax_year": "2021", "note": %s}]}'
ODD_BODIES: dict[str, tuple[bytes, str]] = {
    "nan_json": (_RECORD % b"NaN", "application/json"),
    "nul_escape": (_RECORD % b'"a\\u0000b"', "application/json"),
    "nul_byte": (_RECORD % b'"a\x00b"', "application/json"),
    "non_utf8": (_RECORD % b'"caf\xe9"', "application/json"),
    "binary": (bytes(range(256)) * 4, "application/octet-stream"),
}


def _odd_body(kind: str, case_id: str | None) -> Response:
    template, media_type = ODD_BODIES[kind]
    body = template.replace(b"{case}", (case_id or "").encode())
    return Response(body, status_code=200, media_type=media_type)


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(payload, status_code=status, headers=headers)


def _status_response(fault: Fault) -> Response:
    spec = fault.spec
    if spec.body is None:
        return _json(spec.status, {"detail": HTTPStatus(spec.status).phrase})
    try:
        json.loads(spec.body)
        media_type = "application/json"
    except ValueError:
        media_type = "text/plain"
    return Response(spec.body, status_code=spec.status, media_type=media_type)


def _unknown_wrapper(case_id: str | None, source: FaultSource, state: SandboxState) -> Response:
    found: Any = []
    if case_id and CASE_ID.fullmatch(case_id) and source != "login" and source != "health":
        found = records(case_id, source, state.revision(case_id), state.profile(case_id))
    key = "interview_data" if source == "interview" else "results"
    return _json(200, {"case_id": case_id, key: found})


def fault_response(
    fault: Fault, system: System, source: FaultSource, case_id: str | None, state: SandboxState
) -> Response:
    """Render any fault but `latency`, which delays the normal answer instead."""
    kind = fault.spec.kind
    if kind == "status":
        return _status_response(fault)
    if kind == "rate_limit":
        headers = {"Retry-After": str(fault.spec.retry_after_s)}
        return _json(429, {"detail": "Too Many Requests"}, headers)
    if kind == "session_expired":
        if system == "casehelper":
            return _json(401, {"status": 401, "detail": "Session expired"})
        # TiParser reports its own expired upstream session as a 500 (DOMAIN 1.2.2).
        return _json(500, {"detail": "Authentication required"})
    if kind == "malformed_json":
        truncated = f'{{"case_id": "{case_id}", "records": [{{"tax_year": "2021", "amount": '
        return Response(truncated, status_code=200, media_type="application/json")
    if kind == "non_json":
        return Response(MAINTENANCE_PAGE, status_code=200, media_type="text/html")
    if kind in ODD_BODIES:
        return _odd_body(kind, case_id)
    if kind == "unknown_wrapper":
        return _unknown_wrapper(case_id, source, state)
    if kind == "empty":
        head = {"case_id": case_id} if case_id else {}
        return _json(200, {**head, **EMPTY_DOCUMENTS[source]})
    if kind == "method_not_allowed":
        return _json(405, {"detail": "Method Not Allowed"}, {"Allow": "POST"})
    raise ValueError(f"fault kind {kind} has no response of its own")
