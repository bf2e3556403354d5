"""Wait for a dependency that is not up yet (a worker started before Temporal or Postgres), so
start order never matters: try again with backoff, saying what is awaited, until it answers or
the process is told to stop."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from medallion.platform.db import UNREACHABLE_ERRORS
from medallion.platform.temporal import is_connect_failure

T = TypeVar("T")

log = logging.getLogger(__name__)

_FIRST_DELAY_S = 0.5
_MAX_DELAY_S = 15.0


def is_unreachable(err: BaseException) -> bool:
    """A refused or dropped connection; a wrong setting (bad password, TLS) is not retried."""
    return isinstance(err, UNREACHABLE_ERRORS) or is_connect_failure(err)


async def until_reachable(
    what: str, attempt: Callable[[], Awaitable[T]], stop: asyncio.Event
) -> T | None:
    """`attempt()`'s result once it gets through; None when `stop` is set first."""
    delay = _FIRST_DELAY_S
    while True:
        try:
            return await attempt()
        except Exception as err:
            if not is_unreachable(err):
                raise
            log.warning(
                f"waiting for {what}",
                extra={"retry_in_s": delay, "error": type(err).__name__},
            )
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return None
        except TimeoutError:
            delay = min(delay * 2, _MAX_DELAY_S)
