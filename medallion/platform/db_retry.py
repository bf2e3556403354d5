"""Ride out a database outage inside an activity: the work already done (a download) is kept
in memory and only the write is tried again, with backoff, until the database is back."""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from medallion.platform.db import UNREACHABLE_ERRORS

T = TypeVar("T")

log = logging.getLogger(__name__)

# Long enough for a Postgres restart of several minutes; the activity's own timeouts allow it.
OUTAGE_TOLERANCE_S = 600.0
_FIRST_DELAY_S = 0.5
_MAX_DELAY_S = 15.0


class DatabaseUnavailable(Exception):
    """The database stayed unreachable for the whole tolerance."""


async def when_database_is_back(
    write: Callable[[], Awaitable[T]], *, what: str, tolerance_s: float = OUTAGE_TOLERANCE_S
) -> T:
    give_up_at = time.monotonic() + tolerance_s
    delay = _FIRST_DELAY_S
    while True:
        try:
            return await write()
        except UNREACHABLE_ERRORS as err:
            if time.monotonic() + delay > give_up_at:
                raise DatabaseUnavailable(
                    f"the database was unreachable for {tolerance_s:.0f} s while writing {what}"
                ) from err
            log.warning(
                "database unreachable, writing again later",
                extra={"what": what, "retry_in_s": delay, "error": type(err).__name__},
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, _MAX_DELAY_S)
