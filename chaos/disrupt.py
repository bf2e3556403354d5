"""Carry out a plan's disruptions at their moments: kill a part and restart it on the same data,
expire every CaseHelper session, or answer the next calls of any case with 503s. Meanwhile a part
that dies on its own is restarted, as `make run` would, and reported."""

import asyncio
import contextlib
import time
from dataclasses import dataclass, field

from benchmarks.e2e_stack import BenchStack
from chaos.plan import Disruption
from sandbox.admin_client import SandboxAdmin

BURST_CALLS = 12  # source calls, of any case, answered 503 by one burst
WATCH_EVERY_S = 0.5


@dataclass
class Done:
    disruption: Disruption
    at_s: float  # when it began, seconds after the first trigger
    back_after_s: float  # from the kill until the part listened again (0 for the others)


@dataclass
class Disrupter:
    stack: BenchStack
    sandbox: SandboxAdmin
    start: float
    done: list[Done] = field(default_factory=list)
    # (seconds after the first trigger, part) for each part that died on its own.
    fell: list[tuple[float, str]] = field(default_factory=list)
    _killed: set[str] = field(default_factory=set)

    async def run(self, plan: list[Disruption]) -> None:
        """One after another, each at its moment (or as soon as the one before is over)."""
        for item in plan:
            await asyncio.sleep(max(0.0, self.start + item.at_s - time.monotonic()))
            began = time.monotonic() - self.start
            back_after = 0.0
            if item.action.startswith("kill "):
                back_after = await self._kill_and_restart(
                    item.action.removeprefix("kill "), item.down_s
                )
            elif item.action == "expire sessions":
                await self.sandbox.expire_sessions()
            elif item.action == "503 burst":
                await self.sandbox.add_fault("status", status=503, times=BURST_CALLS)
            else:
                raise ValueError(f"unknown disruption {item.action}")
            self.done.append(Done(item, began, back_after))

    async def _kill_and_restart(self, part: str, down_s: float) -> float:
        began = time.monotonic()
        self._killed.add(part)
        try:
            await asyncio.to_thread(self.stack.kill, part)
            await asyncio.sleep(down_s)
            await asyncio.to_thread(self.stack.restart, part)
        finally:
            self._killed.discard(part)
        return time.monotonic() - began

    async def watch(self, until: asyncio.Event) -> None:
        """Restart a process that exited while nobody killed it, until `until` is set."""
        while not until.is_set():
            for name, process in self.stack.processes.items():
                if name not in self._killed and process.exited():
                    self.fell.append((round(time.monotonic() - self.start, 1), name))
                    await asyncio.to_thread(self.stack.restart, name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(until.wait(), WATCH_EVERY_S)
