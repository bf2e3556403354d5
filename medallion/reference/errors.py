"""The error every reference loader raises for bad input: which file, which line, and why."""


class ReferenceInputError(Exception):
    """A reference file that cannot be loaded; nothing was written."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = file if line is None else f"{file}, line {line}"
        super().__init__(f"{where}: {reason}")
