"""What every command shares: the API client the global options chose, API calls that exit with
the code that says why they failed, and `--json` output. Command modules (registered in main.py
with `app.add_typer`) take a `typer.Context` and use these rather than reading the environment.
"""

import json
import sys
from typing import Annotated, Any, NoReturn

import typer

from medallion.cli.api_client import Api, ApiError
from medallion.cli.exits import ExitCode, fail

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print the answer as JSON, for scripts, instead of text.")
]


def api(ctx: typer.Context) -> Api:
    """The client the global options (--api-url, --api-key, or the environment) set up."""
    found = ctx.find_object(Api)
    if found is None:  # a command run without the root callback, e.g. from another app
        raise RuntimeError("the medallion callback did not run: no API client in the context")
    return found


def exit_for(err: ApiError) -> NoReturn:
    fail(ExitCode.UNAVAILABLE if err.unavailable else ExitCode.BAD_INPUT, str(err))


def call(ctx: typer.Context, method: str, path: str, **kwargs: Any) -> Any:
    """One API call; on failure the reason on stderr and exit 2 (refused) or 3 (unavailable)."""
    try:
        return api(ctx).call(method, path, **kwargs)
    except ApiError as err:
        exit_for(err)


def print_json(data: Any) -> None:
    """Plain JSON on stdout: no colours or wrapping, whatever the terminal."""
    sys.stdout.write(json.dumps(data, indent=2) + "\n")
