"""Waiting for a dependency: connection failures are waited out, wrong settings are not."""

import asyncio

import asyncpg
import pytest

from medallion.platform import reachable
from medallion.platform.reachable import until_reachable


async def test_a_refused_connection_is_tried_again_until_it_gets_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reachable, "_FIRST_DELAY_S", 0.01)
    failures = [ConnectionRefusedError(), RuntimeError("Failed client connect: refused")]

    async def attempt() -> str:
        if failures:
            raise failures.pop(0)
        return "connected"

    assert await until_reachable("Postgres", attempt, asyncio.Event()) == "connected"


async def test_a_wrong_password_is_raised_at_once() -> None:
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise asyncpg.InvalidPasswordError("password authentication failed")

    with pytest.raises(asyncpg.InvalidPasswordError):
        await until_reachable("Postgres", attempt, asyncio.Event())
    assert calls == 1


async def test_a_stop_while_waiting_gives_up_quietly() -> None:
    stop = asyncio.Event()

    async def attempt() -> str:
        stop.set()
        raise ConnectionRefusedError()

    assert await until_reachable("Temporal", attempt, stop) is None
