"""The `medallion` command: drives the REST API (MEDALLION_API_URL, MEDALLION_API_KEY)."""

import asyncio
import json
from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from medallion.cli import changes
from medallion.cli.api_client import ApiError, call
from medallion.cli.progress import follow_all
from medallion.cli.reference import app as reference_app
from medallion.cli.webhooks import app as webhooks_app

app = typer.Typer(
    help="Medallion ingestion from the command line, through the REST API "
    "(MEDALLION_API_URL, default http://localhost:8000; MEDALLION_API_KEY when the API wants one).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

SOURCE_NAMES = ("at", "wi", "trt", "interview")
STAGES = ("fetching", "needs_attention", "silver", "gold", "complete", "cancelled", "failed")


def _api(method: str, path: str, **kwargs: Any) -> Any:
    try:
        return call(method, path, **kwargs)
    except ApiError as err:
        errors.print(f"[red]error:[/] {err}", highlight=False)
        raise typer.Exit(1) from None


@app.command()
def ingest(
    case_ids: Annotated[list[str], typer.Argument(help="Case ids (1-12 digits).")],
    wait: Annotated[
        bool, typer.Option("--wait", help="Follow each case live until its run settles.")
    ] = False,
    fetch: Annotated[
        bool, typer.Option("--fetch/--no-fetch", help="--no-fetch rebuilds from stored Bronze.")
    ] = True,
) -> None:
    """Start ingestion of cases (or attach to their running ones). Exit 1 if any fails."""
    answer = _api("POST", "/api/extract/batch", json={"case_ids": case_ids, "fetch": fetch})
    rejected = False
    for item in answer["results"]:
        if item["status"] in ("started", "attached"):
            console.print(f"{item['case_id']}  {item['status']}  {item['workflow_id']}")
        else:
            rejected = True
            errors.print(f"[red]{item['case_id']}  {item['status']}: {item['error']}[/]")
    accepted = [i["case_id"] for i in answer["results"] if i["status"] in ("started", "attached")]
    if not wait:
        raise typer.Exit(1 if rejected else 0)
    cases = asyncio.run(follow_all(list(dict.fromkeys(accepted)), console))
    for case in cases:
        if case.stage == "needs_attention":
            errors.print(
                f"{case.case_id} needs attention: `medallion retry {case.case_id}` "
                f"or `medallion cancel {case.case_id}`"
            )
        elif case.error:
            errors.print(f"{case.case_id}: {case.error}")
    raise typer.Exit(0 if not rejected and all(c.succeeded for c in cases) else 1)


@app.command()
def status(
    case_id: str,
    as_json: Annotated[bool, typer.Option("--json", help="The full report as JSON.")] = False,
) -> None:
    """The case's status report. Exit 1 when its latest run failed or was cancelled."""
    report = _api("GET", f"/api/cases/{case_id}/status")
    if as_json:
        console.print_json(json.dumps(report))
    else:
        console.print(
            f"case {report['case_id']}  status [bold]{report['status']}[/]  "
            f"stage {report.get('stage') or '–'}"
        )
        grid = Table("source", "state", "outcome", "http", "payloads", "last error")
        for name, source in report["bronze"]["sources"].items():
            grid.add_row(
                name,
                source["state"],
                source["outcome"] or "–",
                str(source["last_http_status"] or "–"),
                str(source["payloads"]),
                (source["last_error"] or "")[:80],
            )
        console.print(grid)
    raise typer.Exit(1 if report.get("stage") in ("failed", "cancelled") else 0)


@app.command()
def cancel(
    case_id: str,
    reason: Annotated[str, typer.Option(help="Recorded with the run.")] = "cancelled from the CLI",
) -> None:
    """Cancel the case's open run."""
    _api("POST", f"/api/cases/{case_id}/cancel", json={"reason": reason})
    console.print(f"{case_id}  cancel requested")


@app.command()
def retry(
    case_id: str,
    source: Annotated[
        list[str] | None, typer.Option("--source", help=f"One of {', '.join(SOURCE_NAMES)}.")
    ] = None,
) -> None:
    """Fetch the failed sources of a run waiting for attention again (all, or those named)."""
    _api("POST", f"/api/cases/{case_id}/retry", json={"sources": source or []})
    console.print(f"{case_id}  retry requested ({', '.join(source or ['all failed sources'])})")


@app.command()
def cases(
    stage: Annotated[str | None, typer.Option(help=f"One of {', '.join(STAGES)}.")] = None,
    updated_since: Annotated[
        datetime | None, typer.Option(help="Only runs changed since (ISO 8601).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    cursor: Annotated[str | None, typer.Option(help="next_cursor of the previous page.")] = None,
) -> None:
    """Cases by the stage of their latest run, most recently changed first."""
    params: dict[str, Any] = {"limit": limit}
    if stage:
        params["stage"] = stage
    if updated_since:
        params["updated_since"] = updated_since.isoformat()
    if cursor:
        params["cursor"] = cursor
    page = _api("GET", "/api/cases", params=params)
    grid = Table("case", "stage", "updated", "run")
    for case in page["cases"]:
        grid.add_row(case["case_id"], case["stage"], case["updated_at"], case["run_id"])
    console.print(grid)
    if page["next_cursor"]:
        console.print(f"more: --cursor {page['next_cursor']}", highlight=False)


app.add_typer(webhooks_app, name="webhooks")

schedule_app = typer.Typer(help="Periodic refresh of a named set of cases (Temporal Schedules).")
app.add_typer(schedule_app, name="schedule")
app.add_typer(changes.app)
app.add_typer(reference_app, name="reference")

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(every: str) -> float:
    """`90s`, `15m`, `6h`, `1d` or plain seconds."""
    unit = every[-1:] if every[-1:] in _UNITS else "s"
    number = every[:-1] if every[-1:] in _UNITS else every
    try:
        return float(number) * _UNITS[unit]
    except ValueError:
        raise typer.BadParameter(f"{every!r} is not a duration like 90s, 15m, 6h or 1d") from None


@schedule_app.command("create")
def schedule_create(
    name: str,
    case_ids: Annotated[list[str], typer.Argument(help="Cases to re-ingest on each run.")],
    every: Annotated[str | None, typer.Option(help="Interval: 90s, 15m, 6h, 1d.")] = None,
    cron: Annotated[str | None, typer.Option(help='Cron expression, e.g. "0 2 * * *".')] = None,
    paused: Annotated[bool, typer.Option("--paused", help="Create it paused.")] = False,
) -> None:
    """Create a schedule (overlap policy: skip)."""
    body: dict[str, Any] = {"name": name, "case_ids": case_ids, "paused": paused}
    if every:
        body["every_s"] = _seconds(every)
    if cron:
        body["cron"] = cron
    created = _api("POST", "/api/schedules", json=body)
    console.print(f"schedule {created['name']} created; next run {created['next_run_at']}")


@schedule_app.command("list")
def schedule_list() -> None:
    """Every refresh schedule with its cases and state."""
    grid = Table("name", "timing", "cases", "state", "next run", "runs")
    for item in _api("GET", "/api/schedules"):
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


@schedule_app.command("pause")
def schedule_pause(name: str) -> None:
    _api("POST", f"/api/schedules/{name}/pause")
    console.print(f"schedule {name} paused")


@schedule_app.command("unpause")
def schedule_unpause(name: str) -> None:
    _api("POST", f"/api/schedules/{name}/unpause")
    console.print(f"schedule {name} active")


@schedule_app.command("trigger")
def schedule_trigger(name: str) -> None:
    """Run it now."""
    _api("POST", f"/api/schedules/{name}/trigger")
    console.print(f"schedule {name} triggered")


@schedule_app.command("delete")
def schedule_delete(name: str) -> None:
    _api("DELETE", f"/api/schedules/{name}")
    console.print(f"schedule {name} deleted")
