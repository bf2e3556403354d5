"""`ingest --wait`: follow each case's event stream and show its stage and sources as they move.

On a terminal a live table redraws in place; otherwise (a log, a pipe) each change is a line;
with `--json` nothing is shown until the end.
"""

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from httpx_sse import aconnect_sse
from rich.console import Console
from rich.live import Live
from rich.table import Table

from medallion.cases.run_state import Stage
from medallion.cli.api_client import Api, reason
from medallion.sources.names import SOURCES

RECONNECT_S = 1.0
MAX_RECONNECTS = 30
STYLES = {"complete": "green", "succeeded": "green", "failed": "red", "cancelled": "yellow"}


@dataclass
class CaseProgress:
    case_id: str
    stage: str = "starting"
    sources: dict[str, str] = field(default_factory=dict)
    closed: bool = False
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.closed and self.stage == Stage.COMPLETE

    @property
    def settled(self) -> bool:
        """Nothing more will happen without someone: closed, waiting for attention, or lost."""
        return self.closed or self.stage == Stage.NEEDS_ATTENTION or self.error is not None


def _source_text(data: dict[str, Any]) -> str:
    """`succeeded stored 200`, `failed auth_error 403`, `running`."""
    parts = (data.get("state") or "?", data.get("outcome"), data.get("http_status"))
    return " ".join(str(p) for p in parts if p)


def apply(progress: CaseProgress, event: str, data: dict[str, Any]) -> str | None:
    """Update from one event; the line to print for it (None for events that change nothing)."""
    if event == "stage":
        progress.stage = data["stage"]
        return f"{progress.case_id}  stage   {progress.stage}"
    if event == "source":
        text = _source_text(data)
        progress.sources[data["source"]] = text
        return f"{progress.case_id}  {data['source']:<9} {text}"
    if event == "closed":
        progress.stage, progress.closed = data["stage"], True
        return f"{progress.case_id}  closed  {progress.stage}"
    if event == "error":
        progress.error = data.get("detail", "stream error")
    return None


async def _fill_sources_from_status(client: httpx.AsyncClient, progress: CaseProgress) -> None:
    answer = await client.get(f"/api/cases/{progress.case_id}/status")
    if answer.status_code == 200:
        for name, source in answer.json()["bronze"]["sources"].items():
            progress.sources[name] = _source_text(
                {
                    "state": source["state"],
                    "outcome": source["outcome"],
                    "http_status": source["last_http_status"],
                }
            )


async def follow(
    client: httpx.AsyncClient, progress: CaseProgress, report: Callable[[str], None]
) -> None:
    for _ in range(MAX_RECONNECTS):
        try:
            path = f"/api/cases/{progress.case_id}/events"
            async with aconnect_sse(client, "GET", path) as stream:
                if stream.response.status_code != 200:
                    await stream.response.aread()
                    progress.error = f"{stream.response.status_code}: {reason(stream.response)}"
                    return
                async for sse in stream.aiter_sse():
                    line = apply(progress, sse.event, json.loads(sse.data))
                    if line:
                        report(line)
                    if progress.closed:
                        return
                    if progress.stage == Stage.NEEDS_ATTENTION:
                        await _fill_sources_from_status(client, progress)
                        return
        except httpx.HTTPError as err:
            progress.error = f"stream lost ({type(err).__name__})"
        if progress.settled and progress.error is None:
            return
        progress.error = None
        await asyncio.sleep(RECONNECT_S)
    progress.error = progress.error or "gave up reconnecting to the event stream"


def table(cases: list[CaseProgress]) -> Table:
    grid = Table("case", "stage", *SOURCES, title="ingestion")
    for case in cases:
        stage = case.error or case.stage
        style = "red" if case.error else STYLES.get(case.stage, "cyan")
        cells = []
        for name in SOURCES:
            text = case.sources.get(name, "–")
            cells.append(f"[{STYLES.get(text.split(' ')[0], 'white')}]{text}[/]")
        grid.add_row(case.case_id, f"[{style}]{stage}[/]", *cells)
    return grid


async def follow_all(api: Api, case_ids: list[str], console: Console | None) -> list[CaseProgress]:
    """Follow every case until it settles; `console` None follows them silently."""
    cases = [CaseProgress(case_id) for case_id in case_ids]
    async with api.async_client() as client:
        if console is None:
            await asyncio.gather(*(follow(client, case, lambda _: None) for case in cases))
        elif console.is_terminal:
            with Live(table(cases), console=console, refresh_per_second=8) as live:

                def redraw(_: str) -> None:
                    live.update(table(cases))

                await asyncio.gather(*(follow(client, case, redraw) for case in cases))
                live.update(table(cases))
        else:

            def print_line(line: str) -> None:
                console.print(line, markup=False, highlight=False)

            await asyncio.gather(*(follow(client, case, print_line) for case in cases))
            console.print(table(cases))
    return cases
