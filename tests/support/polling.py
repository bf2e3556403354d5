import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    *,
    timeout_s: float = 60,
    every_s: float = 0.25,
) -> T:
    """Call `probe` until `until(result)` holds; fail with the last result after the timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout_s}s; last: {result!r}")
        await asyncio.sleep(every_s)
