"""The `medallion` command: drives the REST API (--api-url/--api-key, or MEDALLION_API_URL and
MEDALLION_API_KEY). Commands of their own live in modules registered here with `app.add_typer`;
exit codes are in medallion/cli/exits.py."""

import asyncio
import dataclasses
import tomllib
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from medallion.cases.identity import CASE_ID
from medallion.cli import changes, schedule
from medallion.cli.api_client import DEFAULT_API_URL, Api
from medallion.cli.context import JsonFlag, api, call, print_json
from medallion.cli.exits import EXIT_CODES_HELP, ExitCode, errors, fail, worst
from medallion.cli.progress import CaseProgress, follow_all
from medallion.cli.reference import app as reference_app
from medallion.cli.webhooks import app as webhooks_app
from medallion.sources.names import SOURCES
from workflows.models import Stage

app = typer.Typer(
    help="Medallion ingestion from the command line, through the REST API. "
    "Global options go before the command: medallion --api-url URL cases.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(schedule.app, name="schedule")
app.add_typer(changes.app)
app.add_typer(reference_app, name="reference")
app.add_typer(webhooks_app, name="webhooks")

console = Console(highlight=False)

# The API's own limit per batch call (MAX_BATCH in api/routes/batch.py, which the CLI does not
# import: it would load the API's dependencies on every command; a unit test keeps them equal).
BATCH_SIZE = 1000
# A run in one of these stages is over or stuck until someone acts: exit 1.
ATTENTION_STAGES = (Stage.FAILED, Stage.CANCELLED, Stage.NEEDS_ATTENTION)
ACCEPTED = ("started", "attached")


def package_version() -> str:
    try:
        return installed_version("medallion")
    except PackageNotFoundError:  # the image runs the source tree, not an installed package
        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        return str(tomllib.loads(pyproject.read_text())["project"]["version"])


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"medallion {package_version()}")
        raise typer.Exit()


def _api_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise typer.BadParameter(f"{value!r} is not an http:// or https:// URL")
    return value.rstrip("/")


@app.callback()
def main(
    ctx: typer.Context,
    api_url: Annotated[
        str,
        typer.Option(envvar="MEDALLION_API_URL", callback=_api_url, help="The API's base URL."),
    ] = DEFAULT_API_URL,
    api_key: Annotated[
        str | None,
        typer.Option(
            envvar="MEDALLION_API_KEY",
            help="Sent as X-API-Key, when the API wants one.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = Api(api_url, api_key or None)


def _read_case_ids(named: list[str], source: TextIO | None) -> list[str]:
    """The ids named and those in the file (whitespace or commas between), each once, in order;
    exit 2 before any call when there are none or one is malformed."""
    ids = list(named)
    if source is not None:
        ids += source.read().replace(",", " ").split()
    if not ids:
        fail(ExitCode.BAD_INPUT, "no case ids: name them, or pass --from FILE (- for stdin)")
    malformed = [case_id for case_id in ids if not CASE_ID.match(case_id)]
    if malformed:
        shown = ", ".join(repr(case_id) for case_id in malformed[:10])
        fail(ExitCode.BAD_INPUT, f"case ids are 1-12 digits; not {shown} (nothing was started)")
    return list(dict.fromkeys(ids))


def _start(ctx: typer.Context, case_ids: list[str], fetch: bool, quiet: bool) -> list[Any]:
    """Start the cases, BATCH_SIZE per call; each batch's results printed as it is answered."""
    results: list[Any] = []
    for first in range(0, len(case_ids), BATCH_SIZE):
        batch = case_ids[first : first + BATCH_SIZE]
        answer = call(ctx, "POST", "/api/extract/batch", json={"case_ids": batch, "fetch": fetch})
        results += answer["results"]
        for item in [] if quiet else answer["results"]:
            if item["status"] in ACCEPTED:
                console.print(f"{item['case_id']}  {item['status']}  {item['workflow_id']}")
            else:
                errors.print(
                    f"{item['case_id']}  {item['status']}: {item['error']}",
                    style="red",
                    markup=False,
                )
    return results


def _start_code(item: dict[str, Any]) -> ExitCode:
    if item["status"] == "invalid":
        return ExitCode.BAD_INPUT
    if item["status"] == "error":  # Temporal or Postgres did not answer for this case
        return ExitCode.UNAVAILABLE
    return ExitCode.DONE


def _waited_code(case: CaseProgress) -> ExitCode:
    if case.succeeded:
        return ExitCode.DONE
    if case.error and not case.closed and case.stage != Stage.NEEDS_ATTENTION:
        return ExitCode.UNAVAILABLE  # lost the event stream: the outcome is unknown
    return ExitCode.ATTENTION


@app.command(epilog=EXIT_CODES_HELP)
def ingest(
    ctx: typer.Context,
    case_ids: Annotated[
        list[str] | None, typer.Argument(help="Case ids (1-12 digits).", show_default=False)
    ] = None,
    from_file: Annotated[
        typer.FileText | None,
        typer.Option(
            "--from",
            help="Also read case ids from this file (one a line, or separated by spaces or "
            "commas); - reads stdin.",
        ),
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Follow each case live until its run settles.")
    ] = False,
    fetch: Annotated[
        bool, typer.Option("--fetch/--no-fetch", help="--no-fetch rebuilds from stored Bronze.")
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Start ingestion of cases (or attach to their running ones), 1,000 ids per API call.

    Exit 1 if, with --wait, a case fails, is cancelled or needs attention.
    """
    ids = _read_case_ids(case_ids or [], from_file)
    results = _start(ctx, ids, fetch, quiet=as_json)
    codes = [_start_code(item) for item in results]
    if wait:
        accepted = [item["case_id"] for item in results if item["status"] in ACCEPTED]
        followed = asyncio.run(follow_all(api(ctx), accepted, None if as_json else console))
        for case in followed:
            codes.append(_waited_code(case))
            if as_json:
                continue
            if case.stage == Stage.NEEDS_ATTENTION:
                errors.print(
                    f"{case.case_id} needs attention: `medallion retry {case.case_id}` "
                    f"or `medallion cancel {case.case_id}`"
                )
            elif case.error:
                errors.print(f"{case.case_id}: {case.error}")
        by_id = {case.case_id: case for case in followed}
        for item in results:
            if item["case_id"] in by_id:
                item["run"] = dataclasses.asdict(by_id[item["case_id"]])
    if as_json:
        print_json(results)
    raise typer.Exit(worst(codes))


@app.command(epilog=EXIT_CODES_HELP)
def status(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="The case id.")],
    as_json: JsonFlag = False,
) -> None:
    """The case's status report.

    Exit 1 when its latest run failed, was cancelled or needs attention.
    """
    report = call(ctx, "GET", f"/api/cases/{case_id}/status")
    if as_json:
        print_json(report)
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
    attention = report.get("stage") in ATTENTION_STAGES
    raise typer.Exit(ExitCode.ATTENTION if attention else ExitCode.DONE)


@app.command(epilog=EXIT_CODES_HELP)
def cancel(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="The case whose open run to cancel.")],
    reason: Annotated[str, typer.Option(help="Recorded with the run.")] = "cancelled from the CLI",
    as_json: JsonFlag = False,
) -> None:
    """Cancel the case's open run."""
    answer = call(ctx, "POST", f"/api/cases/{case_id}/cancel", json={"reason": reason})
    if as_json:
        print_json(answer)
    else:
        console.print(f"{case_id}  cancel requested")


def _known_sources(names: list[str] | None) -> list[str] | None:
    unknown = [name for name in names or [] if name not in SOURCES]
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: not one of {', '.join(SOURCES)}")
    return names


@app.command(epilog=EXIT_CODES_HELP)
def retry(
    ctx: typer.Context,
    case_id: Annotated[str, typer.Argument(help="The case whose run waits for attention.")],
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            callback=_known_sources,
            help=f"A source to fetch again: {', '.join(SOURCES)} (repeat for more); "
            "default: every failed one.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Fetch the failed sources of a run waiting for attention again (all, or those named)."""
    answer = call(ctx, "POST", f"/api/cases/{case_id}/retry", json={"sources": source or []})
    if as_json:
        print_json(answer)
    else:
        console.print(f"{case_id}  retry requested ({', '.join(source or ['all failed sources'])})")


@app.command(epilog=EXIT_CODES_HELP)
def cases(
    ctx: typer.Context,
    stage: Annotated[
        Stage | None, typer.Option(help="Only cases whose latest run is in this stage.")
    ] = None,
    updated_since: Annotated[
        datetime | None, typer.Option(help="Only runs changed since (ISO 8601, UTC).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Cases per page.")] = 50,
    cursor: Annotated[str | None, typer.Option(help="next_cursor of the previous page.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Cases by the stage of their latest run, most recently changed first."""
    params: dict[str, Any] = {"limit": limit}
    if stage:
        params["stage"] = stage.value
    if updated_since:
        # The API takes RFC 3339 with a zone; a time given without one is UTC, as it always was.
        zoned = updated_since if updated_since.tzinfo else updated_since.replace(tzinfo=UTC)
        params["updated_since"] = zoned.isoformat()
    if cursor:
        params["cursor"] = cursor
    page = call(ctx, "GET", "/api/cases", params=params)
    if as_json:
        print_json(page)
        return
    grid = Table("case", "stage", "updated", "run")
    for case in page["cases"]:
        grid.add_row(case["case_id"], case["stage"], case["updated_at"], case["run_id"])
    console.print(grid)
    if page["next_cursor"]:
        console.print(f"more: --cursor {page['next_cursor']}")
