"""Which addresses count as internal for MEDALLION_WEBHOOK_BLOCK_PRIVATE; the default schedule."""

import ipaddress

import pytest

from medallion.platform.settings import Settings
from medallion.webhooks.starts import schedule_from
from medallion.webhooks.urls import is_internal


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.5", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1",
     "fe80::1", "fd00::1", "::ffff:127.0.0.1"],
)  # fmt: skip
def test_internal_addresses(address: str) -> None:
    assert is_internal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses(address: str) -> None:
    assert not is_internal(ipaddress.ip_address(address))


def test_by_default_a_delivery_is_retried_for_at_least_24_hours() -> None:
    schedule = schedule_from(Settings(_env_file=None))  # type: ignore[call-arg]
    assert schedule.window_s >= 24 * 3600
    assert schedule.timeout_s == 10
