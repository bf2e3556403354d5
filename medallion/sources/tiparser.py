"""TiParser client (DOMAIN 1.2): parsed transcripts, the interview mirror, health."""

from __future__ import annotations

import asyncio
from typing import Literal

import httpx

from medallion.sources.failures import CallDescription, failure_for_status, send
from medallion.sources.models import SourceResponse
from medallion.sources.names import Source
from medallion.sources.transport import reports_auth_failure, require_case_id, safe_url

AnalysisKind = Literal["at", "wi", "trt"]
ANALYSIS_NAMES: dict[AnalysisKind, str] = {
    "at": "AT analysis",
    "wi": "WI analysis",
    "trt": "TRT analysis",
}
HEALTH_TIMEOUT_S = 10.0
# TiParser's upstream session sometimes blips: an "Authentication required" 5xx that the next
# call does not repeat. Ask again after these pauses before calling it an auth error.
AUTH_BLIP_PAUSES_S = (0.5, 1.5)


class TiParserClient:
    """Calls TiParser with the API key on every request. Holds no connection of its own."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        http: httpx.AsyncClient,
        timeout_s: float = 120,
        auth_blip_pauses_s: tuple[float, ...] = AUTH_BLIP_PAUSES_S,
    ) -> None:
        self._auth_blip_pauses_s = auth_blip_pauses_s
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._http = http
        self._timeout_s = timeout_s

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self._api_key:
            headers["x-api-key"] = self._api_key
        return headers

    def _describe(self, what: str, case_id: str) -> CallDescription:
        return CallDescription(
            system="TiParser",
            what=what,
            case_id=case_id,
            base_url=self._base_url,
            timeout_s=self._timeout_s,
            url_setting="TIPARSER_URL",
            timeout_setting="TIPARSER_TIMEOUT_S",
            forbidden=(
                f"TiParser rejected the API key (403) for case {case_id}: set TIPARSER_API_KEY"
            ),
            unauthenticated=(
                f"TiParser reported its upstream session as not authenticated for the {what} of "
                f"case {case_id}: renew TiParser's session on its side (this client does not "
                "log in to TiParser), then retry the case"
            ),
        )

    async def fetch_analysis(self, kind: AnalysisKind, case_id: str) -> SourceResponse:
        if kind not in ANALYSIS_NAMES:
            raise ValueError(f"unknown analysis kind {kind!r}")
        return await self._fetch(kind, f"/analysis/{kind}/{case_id}", case_id, ANALYSIS_NAMES[kind])

    async def fetch_interview(self, case_id: str) -> SourceResponse:
        """TiParser's mirror of CaseHelper's interview (used when INTERVIEW_SOURCE=tiparser)."""
        return await self._fetch(
            "interview", f"/api/cases/{case_id}/interview", case_id, "interview"
        )

    async def health(self) -> bool:
        """True when TiParser answers 200 to /health within 10 s, with the API key sent."""
        try:
            response = await self._http.get(
                f"{self._base_url}/health", headers=self._headers(), timeout=HEALTH_TIMEOUT_S
            )
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def _exchange(self, call: CallDescription, url: str) -> tuple[httpx.Response, str]:
        response = await send(self._http, call, "GET", url, headers=self._headers())
        if response.status_code != 405:
            return response, "GET"
        # Some deployments only accept POST on the analysis routes (DOMAIN 1.2.1).
        return await send(self._http, call, "POST", url, headers=self._headers(), json={}), "POST"

    async def _fetch(self, source: Source, path: str, case_id: str, what: str) -> SourceResponse:
        require_case_id(case_id)
        call = self._describe(what, case_id)
        url = f"{self._base_url}{path}"
        for pause_s in self._auth_blip_pauses_s:
            response, method = await self._exchange(call, url)
            if not (response.status_code >= 500 and reports_auth_failure(response)):
                break
            await asyncio.sleep(pause_s)
        else:
            response, method = await self._exchange(call, url)
        if not response.is_success:
            raise failure_for_status(call, response)
        return SourceResponse(
            source=source,
            source_system="tiparser",
            method=method,
            url=safe_url(url),
            status=response.status_code,
            content_type=response.headers.get("content-type"),
            body=response.content,
        )
