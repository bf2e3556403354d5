"""TiParser's contract over loopback HTTP (DOMAIN 1.2.1, 1.2.2)."""

import httpx
import pytest

from sandbox.data import Source, payload_bytes
from tests.sandbox.helpers import KEY_HEADERS, analysis


@pytest.mark.parametrize("kind", ["at", "wi", "trt"])
async def test_analysis_returns_the_case_payload(
    http: httpx.AsyncClient, tiparser: str, kind: Source
) -> None:
    response = await analysis(http, tiparser, kind, "1295022")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == payload_bytes("1295022", kind)


async def test_repeated_calls_are_byte_identical(http: httpx.AsyncClient, tiparser: str) -> None:
    first = await analysis(http, tiparser, "at", "5550123")
    second = await analysis(http, tiparser, "at", "5550123")
    assert first.content == second.content


async def test_post_with_empty_object_is_accepted(http: httpx.AsyncClient, tiparser: str) -> None:
    posted = await analysis(http, tiparser, "wi", "1295022", method="POST")
    fetched = await analysis(http, tiparser, "wi", "1295022")
    assert posted.status_code == 200 and posted.content == fetched.content


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}, {"Authorization": "Bearer x"}])
async def test_missing_or_wrong_api_key_is_403_json(
    http: httpx.AsyncClient, tiparser: str, headers: dict[str, str]
) -> None:
    response = await http.get(f"{tiparser}/analysis/at/1295022", headers=headers)
    assert response.status_code == 403
    assert "API key" in response.json()["detail"]


async def test_health_requires_the_api_key(http: httpx.AsyncClient, tiparser: str) -> None:
    assert (await http.get(f"{tiparser}/health")).status_code == 403
    response = await http.get(f"{tiparser}/health", headers=KEY_HEADERS)
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize("case_id", ["12a", "1234567890123", "CASE-1295022", "-1"])
async def test_malformed_case_id_is_404(
    http: httpx.AsyncClient, tiparser: str, case_id: str
) -> None:
    assert (await analysis(http, tiparser, "at", case_id)).status_code == 404


async def test_unknown_analysis_kind_is_404(http: httpx.AsyncClient, tiparser: str) -> None:
    assert (await analysis(http, tiparser, "pdf", "1295022")).status_code == 404


async def test_case_without_trt_is_404(http: httpx.AsyncClient, tiparser: str) -> None:
    response = await analysis(http, tiparser, "trt", "904001")
    assert response.status_code == 404
    assert (await analysis(http, tiparser, "at", "904001")).status_code == 200


async def test_interview_mirror_serves_casehelper_bytes(
    http: httpx.AsyncClient, tiparser: str
) -> None:
    response = await http.get(f"{tiparser}/api/cases/1295022/interview", headers=KEY_HEADERS)
    assert response.status_code == 200
    assert response.content == payload_bytes("1295022", "interview")
    absent = await http.get(f"{tiparser}/api/cases/904301/interview", headers=KEY_HEADERS)
    assert absent.status_code == 404


async def test_large_case_is_served(http: httpx.AsyncClient, tiparser: str) -> None:
    response = await analysis(http, tiparser, "wi", "909000")
    assert response.status_code == 200
    assert len(response.content) > 500_000
