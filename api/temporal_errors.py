"""Turn 'Temporal is unreachable' into HTTP 503 with a reason, wherever it happens."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException
from temporalio.service import RPCError, RPCStatusCode

from medallion.platform.temporal import is_connect_failure

_UNAVAILABLE = {RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED}


class TemporalUnavailable(HTTPException):
    def __init__(self, reason: str) -> None:
        super().__init__(status_code=503, detail=f"Temporal is unavailable: {reason}")


def is_unavailable(err: BaseException) -> bool:
    if isinstance(err, RPCError):
        return err.status in _UNAVAILABLE
    return is_connect_failure(err)  # a lazy client that cannot connect


@contextmanager
def temporal_errors_as_503() -> Iterator[None]:
    try:
        yield
    except (RPCError, RuntimeError) as err:
        if is_unavailable(err):
            raise TemporalUnavailable(str(err).splitlines()[0][:200]) from err
        raise
