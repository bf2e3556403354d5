"""`medallion schedule ...`: periodic refresh of a named set of cases (Temporal Schedules)."""

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from medallion.cli.context import JsonFlag, call, print_json
from medallion.cli.exits import EXIT_CODES_HELP

app = typer.Typer(
    help="Periodic refresh of a named set of cases (Temporal Schedules).",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
)
console = Console(highlight=False)

Name = Annotated[str, typer.Argument(help="The schedule's name.")]
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(every: str) -> float:
    """`90s`, `15m`, `6h`, `1d` or plain seconds."""
    unit = every[-1:] if every[-1:] in _UNITS else "s"
    number = every[:-1] if every[-1:] in _UNITS else every
    try:
        return float(number) * _UNITS[unit]
    except ValueError:
        raise typer.BadParameter(f"{every!r} is not a duration like 90s, 15m, 6h or 1d") from None


@app.command("create", epilog=EXIT_CODES_HELP)
def create(
    ctx: typer.Context,
    name: Name,
    case_ids: Annotated[list[str], typer.Argument(help="Cases to re-ingest on each run.")],
    every: Annotated[str | None, typer.Option(help="Interval: 90s, 15m, 6h, 1d.")] = None,
    cron: Annotated[str | None, typer.Option(help='Cron expression, e.g. "0 2 * * *".')] = None,
    paused: Annotated[bool, typer.Option("--paused", help="Create it paused.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Create a schedule (overlap policy: skip)."""
    body: dict[str, Any] = {"name": name, "case_ids": case_ids, "paused": paused}
    if every:
        body["every_s"] = _seconds(every)
    if cron:
        body["cron"] = cron
    created = call(ctx, "POST", "/api/schedules", json=body)
    if as_json:
        print_json(created)
    else:
        console.print(f"schedule {created['name']} created; next run {created['next_run_at']}")


@app.command("list", epilog=EXIT_CODES_HELP)
def list_all(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every refresh schedule with its cases and state."""
    schedules = call(ctx, "GET", "/api/schedules")
    if as_json:
        print_json(schedules)
        return
    grid = Table("name", "timing", "cases", "state", "next run", "runs")
    for item in schedules:
        timing = f"every {item['every_s']:g}s" if item["every_s"] else f"cron {item['cron']}"
        grid.add_row(
            item["name"],
            timing,
            " ".join(item["case_ids"]),
            "paused" if item["paused"] else "active",
            item["next_run_at"] or "–",
            str(item["recent_runs"]),
        )
    console.print(grid)


@app.command("pause", epilog=EXIT_CODES_HELP)
def pause(ctx: typer.Context, name: Name) -> None:
    """Stop the schedule starting runs until it is unpaused; a run in progress goes on."""
    call(ctx, "POST", f"/api/schedules/{name}/pause")
    console.print(f"schedule {name} paused")


@app.command("unpause", epilog=EXIT_CODES_HELP)
def unpause(ctx: typer.Context, name: Name) -> None:
    """Let a paused schedule start runs again from its next due time."""
    call(ctx, "POST", f"/api/schedules/{name}/unpause")
    console.print(f"schedule {name} active")


@app.command("trigger", epilog=EXIT_CODES_HELP)
def trigger(ctx: typer.Context, name: Name) -> None:
    """Run it now, whatever its timing (skipped if its last run is still going)."""
    call(ctx, "POST", f"/api/schedules/{name}/trigger")
    console.print(f"schedule {name} triggered")


@app.command("delete", epilog=EXIT_CODES_HELP)
def delete(ctx: typer.Context, name: Name) -> None:
    """Delete the schedule; runs it already started are not touched."""
    call(ctx, "DELETE", f"/api/schedules/{name}")
    console.print(f"schedule {name} deleted")
