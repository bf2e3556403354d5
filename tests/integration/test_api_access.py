"""Which routes are open, route by route, legacy aliases included; keys, body limits and CORS
over real HTTP."""

import json
import re
from collections.abc import Iterator

import httpx
import pytest
from pydantic import SecretStr
from starlette.routing import Route

from api.guard import NEEDS_CODEC_CREDENTIAL, NEEDS_KEY, OPEN_PATHS
from api.main import create_app
from api.routes.batch import MAX_BATCH
from medallion.platform.settings import Settings
from tests.support.threaded_server import serve_in_thread

KEYS = ("first-key-0123456789", "second-key-0123456789")
LEGACY_KEY = "legacy-single-key-0123456789"
ORIGIN = "http://app.example"


def every_route() -> list[tuple[str, str]]:
    """(method, path) of every route the app serves, with a valid case id filled in: the API's
    from its OpenAPI schema, the docs' own from the router."""
    app = create_app(Settings(_env_file=None))  # type: ignore[call-arg]
    documented = [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    ]
    docs = [
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    ]
    return sorted((m, _filled(p)) for m, p in documented + docs)


def _filled(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "1295022" if m[1] == "case_id" else "nightly", path)


@pytest.fixture
def keyed_url(settings: Settings) -> Iterator[str]:
    keyed = settings.model_copy(
        update={
            "medallion_api_keys": SecretStr(",".join(KEYS)),
            "medallion_api_key": SecretStr(LEGACY_KEY),
            "medallion_cors_origins": ORIGIN,
        }
    )
    with serve_in_thread(create_app(keyed)) as url:
        yield url


def test_every_open_path_is_served_to_anyone(keyed_url: str) -> None:
    assert {"/api/health", "/api/health/ready", "/api/dagster/health", "/docs"} <= OPEN_PATHS
    for path in OPEN_PATHS:
        response = httpx.get(f"{keyed_url}{path}", timeout=30)
        assert response.status_code in (200, 503), (path, response.status_code)


@pytest.mark.parametrize(("method", "path"), every_route())
def test_without_a_key_only_health_and_docs_answer(keyed_url: str, method: str, path: str) -> None:
    response = httpx.request(method, f"{keyed_url}{path}", json={}, timeout=30)

    if path in OPEN_PATHS:
        assert response.status_code in (200, 503), response.text  # health: 503 with no worker
    else:
        assert response.status_code == 401
        expected = NEEDS_CODEC_CREDENTIAL if path.startswith("/codec/") else NEEDS_KEY
        assert response.json() == {"detail": expected}


@pytest.mark.parametrize("key", [*KEYS, LEGACY_KEY])
def test_each_configured_key_opens_the_api(keyed_url: str, key: str) -> None:
    response = httpx.get(
        f"{keyed_url}/api/cases/1295022/ui", headers={"X-API-Key": key}, follow_redirects=False
    )

    assert response.status_code == 307


def test_a_wrong_key_is_refused(keyed_url: str) -> None:
    for wrong in ("", KEYS[0] + "x", KEYS[0][:-1], f"{KEYS[0]},{KEYS[1]}"):
        response = httpx.get(f"{keyed_url}/api/ui", headers={"X-API-Key": wrong})
        assert response.status_code == 401, wrong


def test_an_oversized_body_gets_413_before_validation(keyed_url: str) -> None:
    body = b'{"case_id": "1295022", "pad": "' + b"x" * 40_000 + b'"}'

    keyed = httpx.post(
        f"{keyed_url}/api/extract",
        content=body,
        headers={"X-API-Key": KEYS[0], "Content-Type": "application/json"},
    )
    unkeyed = httpx.post(f"{keyed_url}/api/extract", content=body)

    assert keyed.status_code == 413
    assert keyed.json()["detail"].startswith("request body over")
    assert unkeyed.status_code == 401


def test_the_largest_valid_batch_fits_the_default_body_limit() -> None:
    largest = json.dumps({"case_ids": ["9" * 12] * MAX_BATCH}).encode()

    assert len(largest) < Settings(_env_file=None).medallion_max_body_bytes  # type: ignore[call-arg]


def test_cors_answers_configured_origins_only(keyed_url: str, api: httpx.AsyncClient) -> None:
    def preflight(url: str, origin: str) -> httpx.Response:
        return httpx.options(
            f"{url}/api/cases/1295022/status",
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "x-api-key",
            },
        )

    allowed = preflight(keyed_url, ORIGIN)
    other = preflight(keyed_url, "http://elsewhere.example")
    unconfigured = preflight(str(api.base_url).rstrip("/"), ORIGIN)

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in other.headers
    assert "access-control-allow-origin" not in unconfigured.headers
