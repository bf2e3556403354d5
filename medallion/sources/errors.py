"""The one exception the source clients raise, with the outcome the workflow acts on."""

from __future__ import annotations

from typing import Literal

SourceOutcome = Literal["auth_error", "absent", "transient_error", "contract_error"]


class SourceError(Exception):
    """A source call that did not produce a usable response.

    `outcome` says what to do: `transient_error` is retried (honouring `retry_after_s`), the
    others are not. The message names the source, the case and the fix; it never contains a
    secret, a cookie or a response body.
    """

    def __init__(
        self,
        message: str,
        outcome: SourceOutcome,
        http_status: int | None = None,
        retry_after_s: float | None = None,
        request_url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.outcome: SourceOutcome = outcome
        self.http_status = http_status
        self.retry_after_s = retry_after_s
        # The URL of the failed exchange, without credentials, for the fetch log.
        self.request_url = request_url

    @property
    def retryable(self) -> bool:
        return self.outcome == "transient_error"

    def __reduce__(self) -> tuple[type[SourceError], tuple[object, ...]]:
        # Keeps the attributes when the error crosses a process or is copied.
        return (
            type(self),
            (self.message, self.outcome, self.http_status, self.retry_after_s, self.request_url),
        )

    def __repr__(self) -> str:
        return f"SourceError({self.message!r}, outcome={self.outcome!r})"
