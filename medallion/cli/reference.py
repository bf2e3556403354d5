"""`medallion reference …`: load and list the reference data Gold computes with (DOMAIN 3.14,
4.5; docs/reference-data.md). These commands talk to Postgres directly (DATABASE_URL, or the
running dev stack's), not to the API; only `--rebuild` calls the API, through the client the
global options set up."""

import asyncio
import datetime
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import asyncpg
import typer
from rich.console import Console

from medallion.cli.api_client import ApiError
from medallion.cli.context import JsonFlag, api, exit_for, print_json
from medallion.cli.exits import EXIT_CODES_HELP, ExitCode, errors, fail
from medallion.platform.db import UNREACHABLE_ERRORS, Connection
from medallion.platform.settings import ConfigError, load_settings
from medallion.reference.errors import ReferenceInputError
from medallion.reference.rebuild import cases_on_older_versions
from medallion.reference.standards_load import load_standards
from medallion.reference.tax_load import load_tax_tables, read_taxcalc_file
from medallion.reference.transaction_rules import load_transaction_rules
from medallion.reference.versions import ReferenceVersion, in_force, reference_versions

app = typer.Typer(
    help="Reference data: the IRS Collection Financial Standards and the tax tables, with "
    "effective dates and sources (docs/reference-data.md). Uses DATABASE_URL.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
)
load_app = typer.Typer(
    help="Load reference data from files, in one transaction.",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
)
app.add_typer(load_app, name="load")

console = Console(highlight=False)

T = TypeVar("T")

REBUILD_OPTION = typer.Option(
    "--rebuild",
    help="Then rebuild from stored Bronze (through the API) every case whose Gold used a "
    "replaced version; prints how many were started.",
)


def _run(work: Callable[[Connection], Awaitable[T]]) -> T:
    """Run `work` on a connection; bad input exits 2, an unreachable database exits 3."""

    async def run() -> T:
        conn = await asyncpg.connect(load_settings().require_database_url())
        try:
            return await work(conn)
        finally:
            await conn.close()

    try:
        return asyncio.run(run())
    except ReferenceInputError as err:
        fail(ExitCode.BAD_INPUT, f"{err}; nothing was loaded")
    except ConfigError as err:
        fail(ExitCode.UNAVAILABLE, str(err))
    except UNREACHABLE_ERRORS as err:
        fail(ExitCode.UNAVAILABLE, f"Postgres is unavailable: {err}")


@load_app.command("standards", epilog=EXIT_CODES_HELP)
def load_standards_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(help="Standards CSV files, one per kind and period.")
    ],
    allow_unverified: Annotated[
        bool,
        typer.Option(
            "--allow-unverified",
            help="Load rows marked unverified (a single third-party source); "
            "their known doubts are shown.",
        ),
    ] = False,
    rebuild: Annotated[bool, REBUILD_OPTION] = False,
    as_json: JsonFlag = False,
) -> None:
    """Load IRS Collection Financial Standards files. All are checked before anything is
    written; a file already loaded changes nothing. Exit 2 on bad input (nothing written)."""
    loaded = _run(lambda conn: load_standards(conn, files, allow_unverified=allow_unverified))
    rebuilt = _rebuild(ctx) if rebuild else None
    if as_json:
        files_loaded = [
            {
                "file": f.file_name,
                "kind": f.kind,
                "effective_from": f.effective_from.isoformat(),
                "rows": f.rows,
                "version_id": f.version_id,
                "changed": f.changed,
                "doubts": list(f.doubts),
            }
            for f in loaded
        ]
        print_json({"files": files_loaded, "rebuild": rebuilt})
        _exit_after(rebuilt)
    for f in loaded:
        what = f"loaded {f.rows} rows" if f.changed else "unchanged (already loaded)"
        console.print(
            f"{f.file_name}  {f.kind} effective {f.effective_from}  {what}  version {f.version_id}",
        )
        for doubt in f.doubts:
            errors.print(f"[yellow]unverified rows; known doubt:[/] {doubt}")
    _print_rebuild(rebuilt)


@load_app.command("tax-tables", epilog=EXIT_CODES_HELP)
def load_tax_tables_command(
    ctx: typer.Context,
    taxcalc_json: Annotated[
        Path,
        typer.Option(
            "--taxcalc-json", help="Tax-Calculator's policy_current_law.json (taxcalc sdist)."
        ),
    ],
    release: Annotated[
        str | None,
        typer.Option("--release", help="The Tax-Calculator release the file is from, e.g. 6.8.5."),
    ] = None,
    rebuild: Annotated[bool, REBUILD_OPTION] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace the standard deductions, tax brackets and Social Security wage base with those
    of a Tax-Calculator release, for every year it publishes. Exit 2 on bad input."""
    result = _run(
        lambda conn: load_tax_tables(conn, read_taxcalc_file(taxcalc_json), release=release)
    )
    rebuilt = _rebuild(ctx) if rebuild else None
    if as_json:
        loaded = {
            "version_id": result.version_id,
            "first_year": result.first_year,
            "last_year": result.last_year,
            "changed": result.changed,
        }
        print_json({"tax_tables": loaded, "rebuild": rebuilt})
        _exit_after(rebuilt)
    what = "loaded" if result.changed else "unchanged (already loaded)"
    console.print(
        f"tax tables {result.first_year}–{result.last_year} {what}  version {result.version_id}",
    )
    _print_rebuild(rebuilt)


@load_app.command("transaction-rules", epilog=EXIT_CODES_HELP)
def load_transaction_rules_command(
    file: Annotated[Path, typer.Argument(help="The corrected transaction-code table (CSV).")],
    as_json: JsonFlag = False,
) -> None:
    """Make a specialist's corrected transaction-code table (with its AUR codes) the current
    rule set. Silver rows built before keep the rules version they name. Exit 2 on bad input."""
    result = _run(lambda conn: load_transaction_rules(conn, file))
    if as_json:
        print_json(
            {
                "rules_version": result.rules_version,
                "codes": result.codes,
                "aur_codes": list(result.aur_codes),
                "version_id": result.version_id,
                "changed": result.changed,
            }
        )
        return
    what = "now current" if result.changed else "unchanged (already loaded)"
    console.print(
        f"rule set {result.rules_version}: {result.codes} codes, AUR codes "
        f"{', '.join(result.aur_codes) or 'none'}; {what}  version {result.version_id}",
    )


def _rebuild(ctx: typer.Context) -> dict[str, int]:
    """Start a rebuild from stored Bronze (fetch=false), through the API's batch path, of every
    case whose Gold used a reference version a load has since replaced. A call the API refuses
    exits 2, one it cannot serve 3, saying the load itself is done."""
    # Imported here: main.py imports this module, and BATCH_SIZE is the API's limit per call.
    from medallion.cli.main import BATCH_SIZE

    case_ids = _run(cases_on_older_versions)
    counts = {"cases": len(case_ids), "started": 0, "attached": 0, "rejected": 0}
    for first in range(0, len(case_ids), BATCH_SIZE):
        chunk = case_ids[first : first + BATCH_SIZE]
        try:
            answer = api(ctx).call(
                "POST", "/api/extract/batch", json={"case_ids": chunk, "fetch": False}
            )
        except ApiError as err:
            exit_for(ApiError(f"rebuild not started (the load is done): {err}", err.status))
        for key in ("started", "attached", "rejected"):
            counts[key] += answer[key]
    return counts


def _print_rebuild(rebuilt: dict[str, int] | None) -> None:
    if rebuilt is None:
        return
    console.print(
        f"rebuild: {rebuilt['cases']} cases used a replaced reference version; "
        f"{rebuilt['started']} rebuilds started, {rebuilt['attached']} attached to running "
        f"runs, {rebuilt['rejected']} rejected (changes appear in each case's feed)",
    )
    _exit_after(rebuilt)


def _exit_after(rebuilt: dict[str, int] | None) -> NoReturn:
    """Exit 1 when the API rejected some rebuilds (they need someone to look), else 0."""
    rejected = rebuilt is not None and rebuilt["rejected"]
    raise typer.Exit(ExitCode.ATTENTION if rejected else ExitCode.DONE)


@app.command("list", epilog=EXIT_CODES_HELP)
def list_command(
    on: Annotated[
        datetime.datetime | None,
        typer.Option(
            "--on", formats=["%Y-%m-%d"], help="The day to show in force (default today)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Every loaded reference table: its period, source and file, and whether it is in force."""
    day = on.date() if on else datetime.date.today()
    versions = _run(reference_versions)
    current = {v.version_id for v in in_force(versions, day).values()}
    if as_json:
        print_json([_as_dict(v, v.version_id in current) for v in versions])
        return
    print(f"{'version':>7}  {'kind':<20}  {'effective':<10}  {'until':<10}  in force {day}  file")
    for v in versions:
        until = v.effective_to.isoformat() if v.effective_to else "-"
        force = ("yes" if v.version_id in current else "no") + (
            " UNVERIFIED" if v.unverified else ""
        )
        print(
            f"{v.version_id:>7}  {v.kind:<20}  {v.effective_from}  {until:<10}  "
            f"{force:<19}  {v.file_name}"
        )


def _as_dict(v: ReferenceVersion, in_force_on_day: bool) -> dict[str, object]:
    return {
        "version_id": v.version_id,
        "kind": v.kind,
        "effective_from": v.effective_from.isoformat(),
        "effective_to": v.effective_to.isoformat() if v.effective_to else None,
        "in_force": in_force_on_day,
        "unverified": v.unverified,
        "file_name": v.file_name,
        "file_digest": v.file_digest,
        "source_name": v.source_name,
        "source_url": v.source_url,
        "loaded_at": v.loaded_at.isoformat(),
    }
