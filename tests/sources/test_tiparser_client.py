"""TiParserClient against the sandbox over loopback HTTP: headers and the 1.2.2 error mapping."""

import sys

import httpx
import pytest

from medallion.sources.errors import SourceError
from medallion.sources.tiparser import AUTH_BLIP_PAUSES_S, AnalysisKind, TiParserClient
from sandbox.admin_client import SandboxAdmin
from sandbox.data import payload_bytes
from sandbox.faults import FaultKind
from tests.sources.conftest import SANDBOX


async def _failure(
    tiparser: TiParserClient, kind: AnalysisKind = "at", case_id: str = "1295022"
) -> SourceError:
    with pytest.raises(SourceError) as raised:
        await tiparser.fetch_analysis(kind, case_id)
    return raised.value


@pytest.mark.parametrize("kind", ["at", "wi", "trt"])
async def test_fetch_analysis_returns_the_raw_response(
    tiparser: TiParserClient, kind: AnalysisKind
) -> None:
    response = await tiparser.fetch_analysis(kind, "1295022")
    assert response.body == payload_bytes("1295022", kind)
    assert (response.source, response.source_system) == (kind, "tiparser")
    assert (response.method, response.status) == ("GET", 200)
    assert response.content_type == "application/json"
    assert response.url.endswith(f"/tiparser/analysis/{kind}/1295022")


async def test_fetch_interview_uses_the_mirror(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    response = await tiparser.fetch_interview("1295022")
    assert response.source == "interview" and response.body == payload_bytes("1295022", "interview")
    [logged] = await admin.requests("1295022")
    assert logged["path"] == "/tiparser/api/cases/1295022/interview"


async def test_every_call_sends_the_api_key_and_json_accept(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    assert await tiparser.health()
    await tiparser.fetch_analysis("wi", "1295022")
    logged = await admin.requests()
    assert [e["path"] for e in logged] == ["/tiparser/health", "/tiparser/analysis/wi/1295022"]
    assert all(e["has_api_key"] and e["has_json_accept"] and not e["has_cookie"] for e in logged)


async def test_health_is_false_when_the_key_is_refused_or_nothing_listens(
    sandbox_url: str, http: httpx.AsyncClient, refused_url: str
) -> None:
    assert not await TiParserClient(f"{sandbox_url}/tiparser", "wrong", http).health()
    assert not await TiParserClient(refused_url, SANDBOX.tiparser_api_key, http).health()


async def test_403_is_an_auth_error_naming_the_setting(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    client = TiParserClient(f"{sandbox_url}/tiparser", "wrong-key", http)
    error = await _failure(client)
    assert error.outcome == "auth_error" and error.http_status == 403 and not error.retryable
    assert (
        str(error) == "TiParser rejected the API key (403) for case 1295022: set TIPARSER_API_KEY"
    )


async def test_404_means_absent(tiparser: TiParserClient) -> None:
    error = await _failure(tiparser, "trt", "904001")
    assert error.outcome == "absent" and error.http_status == 404 and not error.retryable
    assert "904001" in str(error) and "TRT" in str(error)


async def test_405_is_repeated_once_as_post(tiparser: TiParserClient, admin: SandboxAdmin) -> None:
    await admin.add_fault("method_not_allowed", source="at")
    response = await tiparser.fetch_analysis("at", "1295022")
    assert response.method == "POST" and response.body == payload_bytes("1295022", "at")
    logged = await admin.requests("1295022")
    assert [(e["method"], e["status"]) for e in logged] == [("GET", 405), ("POST", 200)]


async def test_405_on_the_post_too_is_a_contract_error(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("status", source="at", status=405)
    error = await _failure(tiparser)
    assert error.outcome == "contract_error" and error.http_status == 405
    assert len(await admin.requests("1295022")) == 2


async def test_401_is_an_auth_error(tiparser: TiParserClient, admin: SandboxAdmin) -> None:
    await admin.add_fault("status", source="wi", status=401)
    error = await _failure(tiparser, "wi")
    assert error.outcome == "auth_error" and error.http_status == 401


@pytest.mark.parametrize("body", ['{"detail": "Authentication required"}', "Unauthorized"])
async def test_5xx_saying_unauthenticated_is_an_auth_error(
    tiparser: TiParserClient, admin: SandboxAdmin, body: str
) -> None:
    await admin.add_fault("status", source="at", status=502, body=body)
    error = await _failure(tiparser)
    assert error.outcome == "auth_error" and not error.retryable
    assert "session" in str(error)


async def test_expired_upstream_session_fault_is_an_auth_error(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("session_expired", source="at")
    assert (await _failure(tiparser)).outcome == "auth_error"
    assert len(await admin.requests("1295022")) == 1 + len(AUTH_BLIP_PAUSES_S)


@pytest.mark.parametrize("blips", [1, len(AUTH_BLIP_PAUSES_S)])
async def test_an_authentication_blip_is_asked_again_before_it_is_an_auth_error(
    tiparser: TiParserClient, admin: SandboxAdmin, blips: int
) -> None:
    await admin.add_fault("session_expired", source="at", times=blips)

    response = await tiparser.fetch_analysis("at", "1295022")

    assert response.status == 200
    assert len(await admin.requests("1295022")) == blips + 1


async def test_429_is_transient_with_retry_after(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("rate_limit", source="at", retry_after_s=7)
    error = await _failure(tiparser)
    assert error.outcome == "transient_error" and error.retryable
    assert error.http_status == 429 and error.retry_after_s == 7.0
    assert "retry after 7 s" in str(error)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
async def test_5xx_and_408_are_transient(
    tiparser: TiParserClient, admin: SandboxAdmin, status: int
) -> None:
    await admin.add_fault("status", source="at", status=status)
    error = await _failure(tiparser)
    assert error.outcome == "transient_error" and error.http_status == status
    assert error.retry_after_s is None


@pytest.mark.parametrize("status", [400, 409, 410, 422])
async def test_other_4xx_are_contract_errors(
    tiparser: TiParserClient, admin: SandboxAdmin, status: int
) -> None:
    await admin.add_fault("status", source="at", status=status)
    error = await _failure(tiparser)
    assert error.outcome == "contract_error" and not error.retryable
    assert "TIPARSER_URL" in str(error)


async def test_timeout_is_transient(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin
) -> None:
    await admin.add_fault("latency", source="at", delay_s=0.5, times=1)
    client = TiParserClient(
        f"{sandbox_url}/tiparser", SANDBOX.tiparser_api_key, http, timeout_s=0.1
    )
    error = await _failure(client)
    assert error.outcome == "transient_error" and error.http_status is None
    assert "within 0.1 s" in str(error) and "TIPARSER_TIMEOUT_S" in str(error)


async def test_connection_refused_is_transient(http: httpx.AsyncClient, refused_url: str) -> None:
    error = await _failure(TiParserClient(refused_url, SANDBOX.tiparser_api_key, http))
    assert error.outcome == "transient_error"
    assert "Could not reach TiParser" in str(error) and "TIPARSER_URL" in str(error)


@pytest.mark.parametrize(
    ("kind", "content_type"), [("non_json", "text/html"), ("malformed_json", "application/json")]
)
async def test_a_200_is_returned_whatever_its_body(
    tiparser: TiParserClient, admin: SandboxAdmin, kind: FaultKind, content_type: str
) -> None:
    await admin.add_fault(kind, source="at")
    response = await tiparser.fetch_analysis("at", "1295022")
    assert response.status == 200 and response.body
    assert (response.content_type or "").startswith(content_type)


async def test_malformed_case_id_is_refused_before_any_call(
    tiparser: TiParserClient, admin: SandboxAdmin
) -> None:
    with pytest.raises(ValueError):
        await tiparser.fetch_analysis("at", "../health")
    assert await admin.requests() == []


async def test_credentials_never_reach_urls_or_messages(
    sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin, refused_url: str
) -> None:
    secret_url = sandbox_url.replace("http://", "http://operator:hunter2@")
    client = TiParserClient(f"{secret_url}/tiparser", SANDBOX.tiparser_api_key, http)
    response = await client.fetch_analysis("at", "1295022")
    assert "hunter2" not in response.url and "operator" not in response.url
    # An authentication 5xx is asked again before it fails: it must outlast those calls.
    faults: dict[FaultKind, int] = {"rate_limit": 1, "session_expired": 1 + len(AUTH_BLIP_PAUSES_S)}
    for fault, times in faults.items():
        await admin.add_fault(fault, source="at", times=times)
        error = await _failure(client)
        for secret in ("hunter2", SANDBOX.tiparser_api_key):
            assert secret not in str(error) and secret not in repr(error)
    unreachable = refused_url.replace("http://", "http://operator:hunter2@")
    error = await _failure(TiParserClient(unreachable, SANDBOX.tiparser_api_key, http))
    assert "127.0.0.1" in str(error) and "hunter2" not in str(error)


class _SearchesRecorded:
    """A meta path finder that finds nothing and records what was searched for."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        self.names.append(name)


async def test_a_fetch_does_not_search_the_import_path(
    tiparser: TiParserClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpcore asks which async library runs on every lock it sets up, by importing sniffio
    # there: were it not installed, each fetch would search sys.path for it again, several times.
    await tiparser.fetch_analysis("wi", "1295022")  # whatever the first call imports lazily
    searched = _SearchesRecorded()
    monkeypatch.setattr(sys, "meta_path", [searched, *sys.meta_path])

    await tiparser.fetch_analysis("at", "1295022")

    assert searched.names == []
