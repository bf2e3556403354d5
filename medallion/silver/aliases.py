"""First-non-empty alias resolution over source records (DOMAIN 1.2.4–1.2.6, hazard 2).

An alias is a dotted path (``Issuer.Name``) into nested objects. Aliases are matched exactly, in
order; the first non-empty value wins. Scalar concepts skip object and array values, which is how
"``Form`` when it is a string, else ``Form.Type``" and "``Issuer`` when it is a string" work. When a
later alias holds a different non-empty value the conflict is reported, so the caller can warn
``alias_conflict``.

Resolution runs for every field of every record, so alias lists are compiled once (paths split
in advance); pass an :class:`AliasList` constant, or any sequence (compiled and cached).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from medallion.silver.parsing import ParseError

_MISSING = object()
_CONTAINERS = (dict, list)


@dataclass(frozen=True)
class Alias:
    """A dotted path, optionally accepted only when ``accept`` says the value fits."""

    name: str
    accept: Callable[[Any], bool] | None = None


AliasSpec = str | Alias


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    first: str  # first path step
    rest: tuple[str, ...]  # the steps after it
    accept: Callable[[Any], bool] | None


class AliasList:
    """An ordered alias list with its paths split once, not on every record."""

    __slots__ = ("entries",)

    def __init__(self, *specs: AliasSpec) -> None:
        aliases = [spec if isinstance(spec, Alias) else Alias(spec) for spec in specs]
        self.entries = tuple(
            _Entry(alias.name, first, tuple(rest), alias.accept)
            for alias in aliases
            for first, *rest in [alias.name.split(".")]
        )


def _descend(node: Any, steps: tuple[str, ...]) -> Any:
    for step in steps:
        if not isinstance(node, dict):
            return _MISSING
        node = node.get(step, _MISSING)
        if node is _MISSING:
            return _MISSING
    return node


@lru_cache(maxsize=512)
def compiled_aliases(specs: tuple[AliasSpec, ...]) -> AliasList:
    """The compiled form of an alias tuple, built once per distinct tuple."""
    return AliasList(*specs)


class Resolved(NamedTuple):
    """The winning value (``None`` when every alias is empty) and where it came from. A named
    tuple: one is built per field of every record."""

    value: Any
    alias: str | None
    conflicting_aliases: tuple[str, ...] = ()


EMPTY = Resolved(None, None)


def lookup(record: Any, path: str | Sequence[str]) -> Any:
    """The value at a dotted path, or ``None`` when any step is missing or not an object."""
    steps = tuple(path.split(".")) if isinstance(path, str) else tuple(path)
    value = _descend(record, steps)
    return None if value is _MISSING else value


def resolve(
    record: Any,
    aliases: AliasList | Sequence[AliasSpec],
    *,
    scalar: bool = True,
    comparable: Callable[[Any], Any] | None = None,
) -> Resolved:
    """First non-empty alias of ``record``.

    ``comparable`` maps a raw value to what is compared for conflicts (e.g. the parsed amount, so
    ``"52,400.00"`` and ``52400`` agree); a value it cannot parse is compared raw.
    """
    if not isinstance(record, dict):
        return EMPTY
    compiled = aliases if isinstance(aliases, AliasList) else compiled_aliases(tuple(aliases))
    winner: _Entry | None = None
    winner_value: Any = None
    others: list[tuple[str, Any]] = []
    for entry in compiled.entries:
        value = record.get(entry.first)
        if entry.rest and value is not None:
            value = (
                value.get(entry.rest[0])
                if len(entry.rest) == 1 and value.__class__ is dict
                else _descend(value, entry.rest)
            )
        # Inlined is_empty(): this loop runs for every alias of every field of every record.
        if (
            value is None
            or value is _MISSING
            or (value.__class__ is str and not value.strip())
            or (scalar and isinstance(value, _CONTAINERS))
            or (entry.accept is not None and not entry.accept(value))
        ):
            continue
        if winner is None:
            winner, winner_value = entry, value
        else:
            others.append((entry.name, value))
    if winner is None:
        return EMPTY
    conflicts: tuple[str, ...] = ()
    if others:
        compared = _compared(winner_value, comparable)
        conflicts = tuple(
            name for name, value in others if _compared(value, comparable) != compared
        )
    return Resolved(winner_value, winner.name, conflicts)


def _compared(value: Any, comparable: Callable[[Any], Any] | None) -> Any:
    if comparable is None:
        return value.strip() if isinstance(value, str) else value
    try:
        return comparable(value)
    except ParseError:
        return value


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901): ``pointer("at_records", 0)`` → ``/at_records/0``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def join_pointer(base: str, *parts: str | int) -> str:
    return base + pointer(*parts)
