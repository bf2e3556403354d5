"""`Retry-After` is a floor under the fetch backoff, not a replacement (issue 8.8)."""

from datetime import timedelta

from activities.fetch import retry_delay


def test_a_short_retry_after_does_not_undercut_the_backoff() -> None:
    assert retry_delay(attempt=5, retry_after_s=1) == timedelta(seconds=16)


def test_a_long_retry_after_is_honoured() -> None:
    assert retry_delay(attempt=1, retry_after_s=30) == timedelta(seconds=30)


def test_the_backoff_floor_stops_at_the_policy_maximum() -> None:
    assert retry_delay(attempt=20, retry_after_s=2) == timedelta(seconds=60)


def test_no_retry_after_leaves_the_policy_alone() -> None:
    assert retry_delay(attempt=3, retry_after_s=None) is None
