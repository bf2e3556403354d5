"""`medallion changes`: what moved between builds (DOMAIN §7), from the API's change log of a
case or its feed across cases; `--follow` polls the feed with its cursor."""

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from medallion.cli.api_client import api_url, reason, sync_client
from medallion.gold.change_kinds import KINDS, SEVERITIES

app = typer.Typer()
console = Console()
errors = Console(stderr=True)

PAGE = 200
_RELATIVE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3


@app.command()
def changes(
    case_id: Annotated[
        str | None, typer.Argument(help="A case id; without one, changes across all cases.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only changes detected since: ISO 8601 (2026-12-01) or ago (24h, 7d)."),
    ] = None,
    kind: Annotated[str | None, typer.Option(help=f"Only this kind: {', '.join(KINDS)}.")] = None,
    severity: Annotated[
        str | None, typer.Option(help=f"Only this severity: {', '.join(SEVERITIES)}.")
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep polling and print changes as they come.")
    ] = False,
    every: Annotated[float, typer.Option(help="Seconds between polls with --follow.")] = 2.0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON (one object a line with -f).")] = (
        False
    ),
) -> None:
    """Changes between builds: a case's log (newest first) or the feed across cases (oldest
    first). Exit 2 on bad input, 3 when the API is unavailable."""
    params = {
        name: value
        for name, value in (("since", _since(since)), ("kind", kind), ("severity", severity))
        if value is not None
    }
    if follow:
        _follow(case_id, params, every, as_json)
        return
    if case_id is None:
        found = [c for page in _pages("/api/changes", params) for c in page]
    else:
        found = [c for page in _pages(f"/api/cases/{case_id}/changes", params) for c in page]
    if as_json:
        console.print_json(json.dumps(found))
        return
    if not found:
        console.print("no changes")
        return
    table = Table("detected (UTC)", "case", "year", "severity", "kind", "what moved", box=None)
    for change in found:
        table.add_row(*_columns(change))
    console.print(table, highlight=False)


def _follow(case_id: str | None, params: dict[str, str], every: float, as_json: bool) -> None:
    """Poll the feed with its cursor: each change printed once, in order, until interrupted.
    Without --since, what is already there is skipped: only new changes are shown."""
    cursor, backlog = None, "since" not in params
    try:
        while True:
            page = _get("/api/changes", {**params, "limit": PAGE, **_cursor(cursor)})
            cursor = page["next_cursor"] or cursor
            if not backlog:
                for change in page["changes"]:
                    if case_id is None or change["case_id"] == case_id:
                        _print_line(change, as_json)
            if not page["more"]:
                backlog = False
                time.sleep(every)
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


def _print_line(change: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(change), flush=True)
    else:
        console.print("  ".join(_columns(change)), highlight=False)


def _pages(path: str, params: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
    cursor = None
    while True:
        page = _get(path, {**params, "limit": PAGE, **_cursor(cursor)})
        yield page["changes"]
        more = page.get("more", page["next_cursor"] is not None)
        if not more or not page["next_cursor"]:
            return
        cursor = page["next_cursor"]


def _cursor(cursor: str | None) -> dict[str, str]:
    return {} if cursor is None else {"cursor": cursor}


def _get(path: str, params: dict[str, Any]) -> Any:
    try:
        with sync_client() as client:
            response = client.get(path, params=params)
    except httpx.HTTPError as err:
        errors.print(f"[red]error:[/] cannot reach the API at {api_url()}: {type(err).__name__}")
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    if response.status_code >= 400:
        errors.print(f"[red]error:[/] {response.status_code}: {reason(response)}", highlight=False)
        unavailable = response.status_code >= 500
        raise typer.Exit(EXIT_UNAVAILABLE if unavailable else EXIT_BAD_INPUT)
    return response.json()


def _since(since: str | None) -> str | None:
    """ISO text as given (the API checks it); `24h`, `7d`, … as the UTC time that long ago."""
    if since is None:
        return None
    relative = _RELATIVE.match(since.strip())
    if relative is None:
        return since
    amount, unit = relative.groups()
    ago = timedelta(**{_UNITS[unit]: int(amount)})
    return (datetime.now(UTC) - ago).isoformat()


def _columns(change: dict[str, Any]) -> tuple[str, ...]:
    return (
        change["detected_at"][:16].replace("T", " "),
        change["case_id"],
        "" if change["tax_year"] is None else str(change["tax_year"]),
        change["severity"],
        change["kind"],
        _detail(change),
    )


def _detail(change: dict[str, Any]) -> str:
    """What moved, in a line: the columns that differ, or the key of a row new or gone."""
    before, after = change["before"], change["after"]
    if before is not None and after is not None:
        return ", ".join(
            f"{column} {_text(before.get(column))} → {_text(value)}"
            for column, value in after.items()
            if before.get(column) != value
        )
    shown = {k: v for k, v in change["key"].items() if k not in _IMPLIED}
    return ("new: " if before is None else "gone: ") + " ".join(
        f"{k}={_text(v)}" for k, v in shown.items()
    )


# Key columns every line already shows (year) or that say nothing on their own.
_IMPLIED = frozenset({"tax_year", "case_id", "owner"})


def _text(value: object) -> str:
    return (
        "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )
