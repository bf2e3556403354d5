"""The sources a case is read from (DOMAIN 1), and the one a run cannot do without (5.3)."""

from typing import Literal, get_args

Source = Literal["at", "wi", "trt", "interview"]
SOURCES: tuple[Source, ...] = get_args(Source)
REQUIRED_SOURCES: frozenset[Source] = frozenset({"at"})
