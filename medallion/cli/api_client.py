"""The CLI's HTTP client: the API's base URL and key (global options, or the environment), and
its failures as errors that know whether the API refused the request or could not serve it."""

from dataclasses import dataclass
from typing import Any

import httpx

DEFAULT_API_URL = "http://localhost:8000"
TIMEOUT_S = 30.0


class ApiError(RuntimeError):
    """The API refused or could not be reached; the message says which and why."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status  # None: no answer at all

    @property
    def unavailable(self) -> bool:
        """No answer, or a 5xx: the API or what it depends on is down, not the request wrong."""
        return self.status is None or self.status >= 500


@dataclass(frozen=True)
class Api:
    url: str
    key: str | None = None

    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.key} if self.key else {}

    def sync_client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers(), timeout=TIMEOUT_S)

    def async_client(self) -> httpx.AsyncClient:
        # No read timeout: an event stream may stay quiet between changes.
        timeout = httpx.Timeout(TIMEOUT_S, read=None)
        return httpx.AsyncClient(base_url=self.url, headers=self.headers(), timeout=timeout)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request; the JSON answer, or ApiError with the API's reason."""
        try:
            with self.sync_client() as client:
                response = client.request(method, path, **kwargs)
        except httpx.HTTPError as err:
            raise ApiError(
                f"cannot reach the API at {self.url}: {type(err).__name__}", None
            ) from None
        if response.status_code >= 400:
            raise ApiError(f"{response.status_code}: {reason(response)}", response.status_code)
        return response.json() if response.content else None


def reason(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):  # FastAPI's validation errors
        return "; ".join(f"{'.'.join(map(str, d['loc'][1:]))}: {d['msg']}" for d in detail)
    return str(detail)
