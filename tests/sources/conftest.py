from collections.abc import AsyncIterator

import httpx
import pytest

from medallion.devstack.processes import free_port
from medallion.sources.casehelper import CaseHelperClient
from medallion.sources.tiparser import TiParserClient
from medallion.sources.transport import new_http_client
from sandbox.admin_client import SandboxAdmin
from sandbox.settings import SandboxSettings

SANDBOX = SandboxSettings()


@pytest.fixture(scope="module")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with new_http_client() as client:
        yield client


@pytest.fixture
def admin(sandbox_url: str, http: httpx.AsyncClient) -> SandboxAdmin:
    """The admin API of the test's own sandbox."""
    return SandboxAdmin(sandbox_url, http)


@pytest.fixture
def tiparser(sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin) -> TiParserClient:
    return TiParserClient(f"{sandbox_url}/tiparser", SANDBOX.tiparser_api_key, http, timeout_s=5)


@pytest.fixture
def casehelper(sandbox_url: str, http: httpx.AsyncClient, admin: SandboxAdmin) -> CaseHelperClient:
    return CaseHelperClient(
        f"{sandbox_url}/casehelper",
        SANDBOX.casehelper_username,
        SANDBOX.casehelper_password,
        "transcript_pipeline",
        None,
        http,
        timeout_s=5,
    )


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"
