"""Small calls the sandbox tests share."""

from __future__ import annotations

import httpx

from sandbox.settings import SandboxSettings

DEFAULTS = SandboxSettings()
KEY_HEADERS = {"x-api-key": DEFAULTS.tiparser_api_key}
LOGIN_A = {
    "credentials": {
        "username": DEFAULTS.casehelper_username,
        "password": DEFAULTS.casehelper_password,
        "appType": "transcript_pipeline",
    }
}


async def analysis(
    http: httpx.AsyncClient, tiparser: str, kind: str, case_id: str, method: str = "GET"
) -> httpx.Response:
    json_body: dict[str, object] | None = {} if method == "POST" else None
    url = f"{tiparser}/analysis/{kind}/{case_id}"
    return await http.request(method, url, headers=KEY_HEADERS, json=json_body)


async def login_cookie(http: httpx.AsyncClient, casehelper: str) -> str:
    """Log in with variant A and return the Cookie header value built from the JSON body."""
    response = await http.post(f"{casehelper}/v2/auth/login", json=LOGIN_A)
    response.raise_for_status()
    cookies = response.json()["cookies"]
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def interview(
    http: httpx.AsyncClient, casehelper: str, case_id: str, cookie: str | None
) -> httpx.Response:
    headers = {"Cookie": cookie} if cookie else {}
    return await http.get(f"{casehelper}/api/cases/{case_id}/interview", headers=headers)
