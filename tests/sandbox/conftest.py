from collections.abc import AsyncIterator
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx
import pytest

from medallion.platform.tls import client_tls
from sandbox.admin_client import SandboxAdmin
from sandbox.settings import SandboxSettings

TIPARSER_KEY = SandboxSettings().tiparser_api_key


@pytest.fixture(scope="module")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    # No cookie jar: each test sends exactly the cookies it means to.
    no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    async with httpx.AsyncClient(timeout=10, cookies=no_cookies, verify=client_tls()) as client:
        yield client


@pytest.fixture
def admin(sandbox_url: str, http: httpx.AsyncClient) -> SandboxAdmin:
    """The admin API of the test's own sandbox."""
    return SandboxAdmin(sandbox_url, http)


@pytest.fixture
def tiparser(sandbox_url: str, admin: SandboxAdmin) -> str:
    """TiParser's base URL on the test's own sandbox."""
    return f"{sandbox_url}/tiparser"


@pytest.fixture
def casehelper(sandbox_url: str, admin: SandboxAdmin) -> str:
    """CaseHelper's base URL on the test's own sandbox."""
    return f"{sandbox_url}/casehelper"
