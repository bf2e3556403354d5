"""The `medallion` command's exit codes, one meaning each, and the help text that lists them.

Every command module exits through these, so a script can tell a failed case from a typo from an
outage: 0 done; 1 a case failed or needs attention; 2 bad input; 3 the API or a dependency
(Postgres, Temporal) is unavailable. Click's own usage errors (an unknown option, a value not
among the choices) already exit 2.
"""

from enum import IntEnum
from typing import NoReturn

import typer
from rich.console import Console


class ExitCode(IntEnum):
    DONE = 0
    ATTENTION = 1  # a case failed, was cancelled or waits for someone
    BAD_INPUT = 2  # an argument the command or the API refused (4xx)
    UNAVAILABLE = 3  # the API cannot be reached, or it answers that Postgres or Temporal is down


EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 a case failed or needs attention; 2 bad input; "
    "3 the API or a dependency (Postgres, Temporal) is unavailable."
)

errors = Console(stderr=True, highlight=False)


def fail(code: ExitCode, message: str) -> NoReturn:
    """Say why on stderr and exit with the code that says what kind of failure it was."""
    errors.print(f"error: {message}", style="red", markup=False)
    raise typer.Exit(code)


def worst(codes: list[ExitCode]) -> ExitCode:
    """One code for several outcomes: an outage outranks bad input, which outranks a failed case."""
    return max(codes, default=ExitCode.DONE)
