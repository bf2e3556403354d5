"""Carry out a plan's disruptions at their moments: kill a part and restart it on the same data,
expire every CaseHelper session, or answer the next calls of any case with 503s."""

import asyncio
import time
from dataclasses import dataclass

from benchmarks.e2e_stack import BenchStack
from chaos.plan import Disruption
from sandbox.admin_client import SandboxAdmin

BURST_CALLS = 12  # source calls, of any case, answered 503 by one burst


@dataclass
class Done:
    disruption: Disruption
    at_s: float  # when it began, seconds after the first trigger
    back_after_s: float  # from the kill until the part listened again (0 for the others)
    # Parts that died on their own meanwhile, restarted as `make run` would.
    also_restarted: list[str]


async def _kill_and_restart(stack: BenchStack, part: str, down_s: float) -> float:
    began = time.monotonic()
    await asyncio.to_thread(stack.kill, part)
    await asyncio.sleep(down_s)
    await asyncio.to_thread(stack.restart, part)
    return time.monotonic() - began


async def disrupt(
    stack: BenchStack, sandbox: SandboxAdmin, plan: list[Disruption], start: float
) -> list[Done]:
    """One after another, each at its moment (or as soon as the one before is over)."""
    done: list[Done] = []
    for item in plan:
        await asyncio.sleep(max(0.0, start + item.at_s - time.monotonic()))
        began = time.monotonic() - start
        back_after = 0.0
        if item.action.startswith("kill "):
            back_after = await _kill_and_restart(
                stack, item.action.removeprefix("kill "), item.down_s
            )
        elif item.action == "expire sessions":
            await sandbox.expire_sessions()
        elif item.action == "503 burst":
            await sandbox.add_fault("status", status=503, times=BURST_CALLS)
        else:
            raise ValueError(f"unknown disruption {item.action}")
        done.append(Done(item, began, back_after, await _restart_the_fallen(stack)))
    return done


async def _restart_the_fallen(stack: BenchStack) -> list[str]:
    fallen = [name for name, process in stack.processes.items() if process.exited()]
    for name in fallen:
        await asyncio.to_thread(stack.restart, name)
    return fallen
