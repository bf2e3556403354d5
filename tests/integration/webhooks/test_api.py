"""/api/webhooks: what a subscription may name, and what the API shows of it."""

from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
import pytest_asyncio

from api.main import create_app
from medallion.gold.change_kinds import KINDS
from medallion.platform.settings import Settings
from tests.support.changes import record_build
from tests.support.threaded_server import serve_in_thread
from tests.support.webhooks import subscribe


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hooks.example.com/x", "must be http or https"),
        ("hooks.example.com/x", "must be http or https"),
        ("http:///x", "names no host"),
        ("https://user:pw@hooks.example.com/x", "holds credentials"),
        ("http://hooks.example.com:notaport/x", "does not parse"),
    ],
)
async def test_a_url_that_is_not_plain_http_is_refused(
    api: httpx.AsyncClient, url: str, reason: str
) -> None:
    response = await api.post("/api/webhooks", json={"url": url})
    assert response.status_code == 422
    assert reason in response.text


async def test_a_url_pointing_at_the_service_itself_is_refused(
    api: httpx.AsyncClient, api_url: str
) -> None:
    port = api_url.rsplit(":", 1)[1]
    for url in (f"{api_url}/api/health", f"http://localhost:{port}/x"):
        response = await api.post("/api/webhooks", json={"url": url})
        assert response.status_code == 422, url
        assert "points at this service itself" in response.json()["detail"]


@pytest.fixture
def blocking_api_url(settings: Settings) -> Iterator[str]:
    blocking = settings.model_copy(update={"medallion_webhook_block_private": True})
    with serve_in_thread(create_app(blocking)) as url:
        yield url


@pytest_asyncio.fixture(loop_scope="session")
async def blocking_api(blocking_api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=blocking_api_url, timeout=30) as client:
        yield client


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0:9/hook",
    ],
)
async def test_with_private_blocking_on_internal_addresses_are_refused(
    blocking_api: httpx.AsyncClient, url: str
) -> None:
    response = await blocking_api.post("/api/webhooks", json={"url": url})
    assert response.status_code == 422, response.text
    assert "loopback, private or link-local" in response.json()["detail"]


@pytest.mark.parametrize("url", ["http://[::1]:9/hook", "http://[::ffff:10.0.0.1]/hook"])
async def test_an_ipv6_literal_is_refused_for_its_form(api: httpx.AsyncClient, url: str) -> None:
    response = await api.post("/api/webhooks", json={"url": url})
    assert response.status_code == 422, response.text
    assert "a host name or IPv4 address" in response.text


async def test_with_private_blocking_off_a_loopback_receiver_is_accepted(
    api: httpx.AsyncClient,
) -> None:
    created = await subscribe(api, "http://127.0.0.1:9/hook", severities=["alert"])
    assert created["secret"].startswith("whsec_")
    assert created["enabled"] is True


async def test_the_secret_is_shown_once(api: httpx.AsyncClient) -> None:
    created = await subscribe(api, "http://127.0.0.1:9/hook")
    listed = (await api.get("/api/webhooks")).json()
    assert [s["subscription_id"] for s in listed] == [created["subscription_id"]]
    assert "secret" not in listed[0]
    assert created["secret"] not in (await api.get("/api/webhooks")).text


async def test_an_unknown_severity_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/api/webhooks", json={"url": "http://127.0.0.1:9/", "severities": ["urgent"]}
    )
    assert response.status_code == 422
    assert "alert" in response.text and "info" in response.text


async def test_an_unknown_kind_is_refused_with_the_valid_ones(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/api/webhooks", json={"url": "http://127.0.0.1:9/hook", "kinds": ["levy_isued"]}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "kinds", 0]
    assert all(kind in response.text for kind in KINDS)


async def test_removing_a_subscription_removes_it_and_then_404s(api: httpx.AsyncClient) -> None:
    created = await subscribe(api, "http://127.0.0.1:9/hook")
    path = f"/api/webhooks/{created['subscription_id']}"
    assert (await api.delete(path)).status_code == 204
    assert (await api.get("/api/webhooks")).json() == []
    assert (await api.delete(path)).status_code == 404
    assert (await api.get(f"{path}/deliveries")).status_code == 404


async def test_a_pending_delivery_cannot_be_resent(
    api: httpx.AsyncClient, pg_pool: asyncpg.Pool, new_case_id: str
) -> None:
    created = await subscribe(api, "http://127.0.0.1:9/hook")
    build = await record_build(pg_pool, new_case_id)
    delivery_id = await pg_pool.fetchval(
        "INSERT INTO webhook_deliveries (subscription_id, build_id, webhook_id, body) "
        "VALUES ($1, $2, 'msg_test_pending', '{}') RETURNING delivery_id",
        created["subscription_id"],
        build.build_id,
    )
    base = f"/api/webhooks/{created['subscription_id']}/deliveries"
    response = await api.post(f"{base}/{delivery_id}/resend")
    assert response.status_code == 409
    assert "still being sent" in response.json()["detail"]
    assert (await api.post(f"{base}/{delivery_id + 1000}/resend")).status_code == 404


_BEYOND_BIGINT = 2**63


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/webhooks/{_BEYOND_BIGINT}/deliveries"),
        ("DELETE", f"/api/webhooks/{_BEYOND_BIGINT}"),
        ("POST", f"/api/webhooks/1/deliveries/{_BEYOND_BIGINT}/resend"),
    ],
)
async def test_an_id_beyond_the_database_range_is_refused(
    api: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await api.request(method, path)
    assert response.status_code == 422, response.text
