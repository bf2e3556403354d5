"""Keep the dev stack's parts running: a part that dies is restarted with backoff and a message
while the rest keeps running; a part that cannot be brought back stops the stack, saying why."""

import time
from collections.abc import Callable
from dataclasses import dataclass

FIRST_DELAY_S = 1.0
MAX_DELAY_S = 30.0
# A part that stays up this long has recovered; its next death starts the backoff afresh.
HEALTHY_AFTER_S = 60.0
# Deaths in a row (each within HEALTHY_AFTER_S of its start) before the stack gives up.
MAX_RESTARTS_IN_A_ROW = 8


class PartLost(RuntimeError):
    """A part of the stack could not be kept running."""


@dataclass
class Part:
    name: str
    is_alive: Callable[[], bool]
    restart: Callable[[], None]  # raises when the part cannot start
    where: str  # where to look (a log file, a data dir)
    started_at: float = 0.0
    deaths_in_a_row: int = 0
    restart_at: float | None = None


class Supervisor:
    def __init__(self, parts: list[Part], say: Callable[[str], None]) -> None:
        self._parts = parts
        self._say = say
        now = time.monotonic()
        for part in parts:
            part.started_at = now

    def check(self) -> None:
        """One round: notice deaths, restart what is due. Raises PartLost to stop the stack."""
        now = time.monotonic()
        for part in self._parts:
            if part.restart_at is None:
                if part.is_alive():
                    if now - part.started_at > HEALTHY_AFTER_S:
                        part.deaths_in_a_row = 0
                    continue
                self._schedule(part, now, "died")
            elif now >= part.restart_at:
                self._restart(part)

    def _schedule(self, part: Part, now: float, what: str) -> None:
        part.deaths_in_a_row += 1
        if part.deaths_in_a_row > MAX_RESTARTS_IN_A_ROW:
            raise PartLost(
                f"{part.name} {what} {part.deaths_in_a_row} times in a row; giving up "
                f"(see {part.where})"
            )
        delay = min(FIRST_DELAY_S * 2 ** (part.deaths_in_a_row - 1), MAX_DELAY_S)
        part.restart_at = now + delay
        self._say(
            f"{part.name} {what}; restarting in {delay:g} s "
            f"(attempt {part.deaths_in_a_row} of {MAX_RESTARTS_IN_A_ROW}; see {part.where})"
        )

    def _restart(self, part: Part) -> None:
        part.restart_at = None
        try:
            part.restart()
        except (RuntimeError, TimeoutError, OSError) as err:
            self._schedule(part, time.monotonic(), f"did not come back ({err})")
            return
        part.started_at = time.monotonic()
        self._say(f"{part.name} restarted")
