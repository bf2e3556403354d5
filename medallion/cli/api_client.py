"""The CLI's HTTP client: the API's base URL and key from the environment, errors as messages."""

import os
from typing import Any

import httpx

DEFAULT_API_URL = "http://localhost:8000"
TIMEOUT_S = 30.0


class ApiError(RuntimeError):
    """The API refused or could not be reached; the message says which and why."""


def api_url() -> str:
    return os.environ.get("MEDALLION_API_URL", DEFAULT_API_URL).rstrip("/")


def headers() -> dict[str, str]:
    key = os.environ.get("MEDALLION_API_KEY")
    return {"X-API-Key": key} if key else {}


def sync_client() -> httpx.Client:
    return httpx.Client(base_url=api_url(), headers=headers(), timeout=TIMEOUT_S)


def async_client() -> httpx.AsyncClient:
    # No read timeout: an event stream may stay quiet between changes.
    timeout = httpx.Timeout(TIMEOUT_S, read=None)
    return httpx.AsyncClient(base_url=api_url(), headers=headers(), timeout=timeout)


def call(method: str, path: str, **kwargs: Any) -> Any:
    """One request; the JSON answer, or ApiError with the API's reason."""
    try:
        with sync_client() as client:
            response = client.request(method, path, **kwargs)
    except httpx.HTTPError as err:
        raise ApiError(f"cannot reach the API at {api_url()}: {type(err).__name__}") from None
    if response.status_code >= 400:
        raise ApiError(f"{response.status_code}: {reason(response)}")
    return response.json() if response.content else None


def reason(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.text[:200]
    if isinstance(detail, list):  # FastAPI's validation errors
        return "; ".join(f"{'.'.join(map(str, d['loc'][1:]))}: {d['msg']}" for d in detail)
    return str(detail)
