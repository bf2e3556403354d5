"""First-non-empty alias resolution over source records (DOMAIN 1.2.4–1.2.6, hazard 2).

An alias is a dotted path (``Issuer.Name``) into nested objects. Aliases are matched exactly, in
order; the first non-empty value wins. Scalar concepts skip object and array values, which is how
"``Form`` when it is a string, else ``Form.Type``" and "``Issuer`` when it is a string" work. When a
later alias holds a different non-empty value the conflict is reported, so the caller can warn
``alias_conflict``.

Resolution runs for every field of every record. Probing every alias of every concept costs one
lookup per alias (a WI form has about a hundred aliases but a dozen keys), so the builders compile
the alias lists of a kind of record into one :class:`RecordAliases` tree of path steps and read
each record in a single pass over its keys. :func:`resolve` is the same machinery for one concept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from medallion.silver.parsing import ParseError

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
    steps: tuple[str, ...]
    accept: Callable[[Any], bool] | None


class AliasList:
    """An ordered alias list with its paths split once, not on every record."""

    __slots__ = ("entries",)

    def __init__(self, *specs: AliasSpec) -> None:
        aliases = [spec if isinstance(spec, Alias) else Alias(spec) for spec in specs]
        self.entries = tuple(
            _Entry(alias.name, tuple(alias.name.split(".")), alias.accept) for alias in aliases
        )


@lru_cache(maxsize=512)
def compiled_aliases(specs: tuple[AliasSpec, ...]) -> AliasList:
    """The compiled form of an alias tuple, built once per distinct tuple."""
    return AliasList(*specs)


class Resolved(NamedTuple):
    """The winning value (``None`` when every alias is empty), the alias it came from, and the later
    aliases whose value differs from it."""

    value: Any
    alias: str | None
    conflicting_aliases: tuple[str, ...] = ()


EMPTY = Resolved(None, None)
# What ScannedRecord.sole_value gives when several aliases hold a value: resolved() decides.
SEVERAL: Any = object()

# A non-empty value found for a concept: (alias position, alias name, value).
_Candidate = tuple[int, str, Any]
# A concept fed by an alias that ends at a path step: (concept, alias position, alias name,
# accept). Plain tuples, unpacked in the loop that runs for every key of every record.
_Target = tuple[str, int, str, Callable[[Any], bool] | None]


class _Step:
    """One path step of the alias tree: the concepts an alias ending here feeds (those that take
    only scalars, and those that also take objects and arrays), and the steps below it."""

    __slots__ = ("children", "container_targets", "scalar_targets")

    def __init__(self) -> None:
        self.scalar_targets: tuple[_Target, ...] = ()
        self.container_targets: tuple[_Target, ...] = ()
        self.children: dict[str, _Step] = {}


class RecordAliases:
    """The alias lists of every concept of one kind of record, as one tree of path steps.

    ``containers`` names the concepts whose value may be an object or array (e.g. the AT
    ``transactions`` array); every other concept is scalar.
    """

    __slots__ = ("_root",)

    def __init__(
        self,
        concepts: Mapping[str, AliasList | Sequence[AliasSpec]],
        *,
        containers: Collection[str] = (),
    ) -> None:
        root = _Step()
        for concept, aliases in concepts.items():
            compiled = aliases if isinstance(aliases, AliasList) else AliasList(*aliases)
            for position, entry in enumerate(compiled.entries):
                step = root
                for name in entry.steps:
                    step = step.children.setdefault(name, _Step())
                target = (concept, position, entry.name, entry.accept)
                step.scalar_targets += (target,)
                if concept in containers:
                    step.container_targets += (target,)
        self._root = root.children

    def scan(self, record: Any) -> ScannedRecord:
        """Every non-empty alias value of ``record``, by concept. A non-object has none."""
        first: dict[str, _Candidate] = {}
        later: dict[str, list[_Candidate]] = {}
        if isinstance(record, dict):
            _collect(self._root, record, first, later)
        return ScannedRecord(first, later)


def _collect(
    steps: dict[str, _Step],
    node: dict[str, Any],
    first: dict[str, _Candidate],
    later: dict[str, list[_Candidate]],
) -> None:
    """Adds the non-empty values of ``node`` that aliases reach: a concept's first value found to
    ``first``, any further ones to ``later`` (rare: they are the alias conflicts)."""
    for key, value in node.items():
        step = steps.get(key)
        if step is None or value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, _CONTAINERS):
            if step.children and isinstance(value, dict):
                _collect(step.children, value, first, later)
            targets = step.container_targets
        else:
            targets = step.scalar_targets
        for concept, position, alias, accept in targets:
            if accept is not None and not accept(value):
                continue
            if concept in first:
                later.setdefault(concept, []).append((position, alias, value))
            else:
                first[concept] = (position, alias, value)


class ScannedRecord:
    """The non-empty alias values of one record, by concept, ready to resolve."""

    __slots__ = ("_first", "_later")

    def __init__(self, first: dict[str, _Candidate], later: dict[str, list[_Candidate]]) -> None:
        self._first = first
        self._later = later

    def _candidates(self, concept: str) -> list[_Candidate]:
        # Positions are unique within a concept, so sorting never compares values.
        return sorted([self._first[concept], *self._later[concept]])

    def sole_value(self, concept: str) -> Any:
        """The value of ``concept`` when at most one alias holds one (``None`` when none does);
        :data:`SEVERAL` when more do, and :meth:`resolved` must pick and check for conflicts."""
        if concept in self._later:
            return SEVERAL
        found = self._first.get(concept)
        return None if found is None else found[2]

    def value(self, concept: str) -> Any:
        """The winning raw value of ``concept``, ``None`` when every alias is empty."""
        if concept in self._later:
            return self._candidates(concept)[0][2]
        found = self._first.get(concept)
        return None if found is None else found[2]

    def resolved(self, concept: str, comparable: Callable[[Any], Any] | None = None) -> Resolved:
        """The first non-empty alias of ``concept`` and the later aliases that disagree with it.

        ``comparable`` maps a raw value to what is compared for conflicts (e.g. the parsed amount,
        so ``"52,400.00"`` and ``52400`` agree); a value it cannot parse is compared raw.
        """
        if concept not in self._later:
            found = self._first.get(concept)
            return EMPTY if found is None else Resolved(found[2], found[1])
        (_, alias, value), *others = self._candidates(concept)
        compared = _compared(value, comparable)
        conflicts = tuple(
            name for _, name, other in others if _compared(other, comparable) != compared
        )
        return Resolved(value, alias, conflicts)


def _compared(value: Any, comparable: Callable[[Any], Any] | None) -> Any:
    if comparable is None:
        return value.strip() if isinstance(value, str) else value
    try:
        return comparable(value)
    except ParseError:
        return value


_CONCEPT = "value"


@lru_cache(maxsize=512)
def _single_concept(aliases: AliasList, scalar: bool) -> RecordAliases:
    return RecordAliases({_CONCEPT: aliases}, containers=() if scalar else (_CONCEPT,))


def resolve(
    record: Any,
    aliases: AliasList | Sequence[AliasSpec],
    *,
    scalar: bool = True,
    comparable: Callable[[Any], Any] | None = None,
) -> Resolved:
    """First non-empty alias of ``record`` for one concept (see :meth:`ScannedRecord.resolved`)."""
    compiled = aliases if isinstance(aliases, AliasList) else compiled_aliases(tuple(aliases))
    return _single_concept(compiled, scalar).scan(record).resolved(_CONCEPT, comparable)


def lookup(record: Any, path: str | Sequence[str]) -> Any:
    """The value at a dotted path, or ``None`` when any step is missing or not an object."""
    node = record
    for step in path.split(".") if isinstance(path, str) else path:
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901): ``pointer("at_records", 0)`` → ``/at_records/0``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def join_pointer(base: str, *parts: str | int) -> str:
    return base + pointer(*parts)
