"""`medallion changes`: what moved between builds (DOMAIN §7), from the API's change log of a
case or its feed across cases; `--follow` polls the feed with its cursor."""

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from medallion.cli.context import JsonFlag, call, print_json
from medallion.cli.exits import EXIT_CODES_HELP, ExitCode, fail
from medallion.gold.change_kinds import KINDS, SEVERITIES

app = typer.Typer()
console = Console(highlight=False)

PAGE = 200
_RELATIVE = re.compile(r"^(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@app.command(epilog=EXIT_CODES_HELP)
def changes(
    ctx: typer.Context,
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
    as_json: JsonFlag = False,
) -> None:
    """Changes between builds: a case's log (newest first) or the feed across cases (oldest
    first). With --follow and --json, one JSON object a line."""
    params = {
        name: value
        for name, value in (("since", _since(since)), ("kind", kind), ("severity", severity))
        if value is not None
    }
    if follow:
        _follow(ctx, case_id, params, every, as_json)
        return
    path = "/api/changes" if case_id is None else f"/api/cases/{case_id}/changes"
    found = [c for page in _pages(ctx, path, params) for c in page]
    if as_json:
        print_json(found)
        return
    if not found:
        console.print("no changes")
        return
    table = Table("detected (UTC)", "case", "year", "severity", "kind", "what moved", box=None)
    for change in found:
        table.add_row(*_columns(change))
    console.print(table)


def _follow(
    ctx: typer.Context, case_id: str | None, params: dict[str, str], every: float, as_json: bool
) -> None:
    """Poll the feed with its cursor: each change printed once, in order, until interrupted.
    Without --since, what is already there is skipped: only new changes are shown."""
    cursor, backlog = None, "since" not in params
    try:
        while True:
            page = _page(ctx, "/api/changes", params, cursor)
            cursor = page["next_cursor"] or cursor
            if not backlog:
                for change in page["changes"]:
                    if case_id is None or change["case_id"] == case_id:
                        _print_line(change, as_json)
            if not page["more"]:
                backlog = False
                time.sleep(every)
    except KeyboardInterrupt:
        raise typer.Exit(ExitCode.DONE) from None


def _print_line(change: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(change), flush=True)
    else:
        console.print("  ".join(_columns(change)))


def _pages(ctx: typer.Context, path: str, params: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
    cursor = None
    while True:
        page = _page(ctx, path, params, cursor)
        yield page["changes"]
        more = page.get("more", page["next_cursor"] is not None)
        if not more or not page["next_cursor"]:
            return
        cursor = page["next_cursor"]


def _page(ctx: typer.Context, path: str, params: dict[str, str], cursor: str | None) -> Any:
    """One page of changes; a refused or failed call exits 2 or 3 (context.call)."""
    query: dict[str, Any] = {**params, "limit": PAGE}
    if cursor is not None:
        query["cursor"] = cursor
    return call(ctx, "GET", path, params=query)


def _since(since: str | None) -> str | None:
    """An ISO 8601 time (without a zone: UTC) or `24h`, `7d`, … as the UTC time that long ago, in
    the RFC 3339 form the API takes."""
    if since is None:
        return None
    relative = _RELATIVE.match(since.strip())
    if relative is None:
        try:
            moment = datetime.fromisoformat(since.strip())
        except ValueError:
            fail(
                ExitCode.BAD_INPUT,
                f"--since {since!r} is neither an ISO 8601 time (2026-12-01, "
                "2026-12-01T08:00Z) nor an age (24h, 7d)",
            )
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
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
