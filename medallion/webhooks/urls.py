"""Which receiver URLs a subscription may name: HTTP(S) only, never the service itself, and, with
MEDALLION_WEBHOOK_BLOCK_PRIVATE on, nothing that resolves to a loopback, private or link-local
address (checked at creation and again before each delivery, since DNS answers change)."""

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2048
# What a receiver URL looks like, stated in the API's schema and checked last (after the checks
# with a more telling reason): an http(s) scheme, a host name or IPv4 address, a port in range, a
# path of printable ASCII. Every URL of this shape passes those checks, so the schema and the
# API take the same URLs.
_PORT = r"(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
RECEIVER_URL_PATTERN = (
    rf"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{{0,251}}[A-Za-z0-9])?(?::{_PORT})?(?:[/?#][!-~]*)?$"
)
_RECEIVER_URL = re.compile(RECEIVER_URL_PATTERN, re.ASCII)
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UrlRefusedError(ValueError):
    """A receiver URL a subscription may not name; the message says why."""


@dataclass(frozen=True)
class ServiceAddress:
    """Where the API answers, as the request that creates a subscription reached it."""

    host: str
    port: int


def parse_receiver_url(url: str) -> SplitResult:
    """The URL's parts, or UrlRefusedError for a URL that is not a plain HTTP(S) address."""
    if len(url) > MAX_URL_LENGTH:
        raise UrlRefusedError(f"the URL is over {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise UrlRefusedError("the URL does not parse (check its port)") from None
    if parts.scheme not in ("http", "https"):
        raise UrlRefusedError(f"the URL must be http or https, not {parts.scheme or 'empty'!r}")
    if not parts.hostname:
        raise UrlRefusedError("the URL names no host")
    if parts.username is not None or parts.password is not None:
        raise UrlRefusedError(
            "the URL holds credentials: leave them out (each delivery is signed with the secret)"
        )
    if not _RECEIVER_URL.fullmatch(url):
        raise UrlRefusedError(
            "the URL must be http(s)://host[:port][/path]: a lower-case scheme, a host name or "
            "IPv4 address, and printable ASCII without spaces"
        )
    return parts


def port_of(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def is_internal(address: IpAddress) -> bool:
    """Loopback, private, link-local or unspecified (which reaches this host)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified
    )


async def resolve(host: str, port: int) -> list[IpAddress]:
    try:
        answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UrlRefusedError(f"the URL's host {host!r} does not resolve") from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in answers]


async def check_receiver_url(
    url: str, *, block_private: bool, service: ServiceAddress | None = None
) -> None:
    """Raise UrlRefusedError, with the reason, when deliveries may not go to `url`."""
    parts = parse_receiver_url(url)
    host, port = parts.hostname or "", port_of(parts)
    if service is not None and port == service.port:
        if host.lower() in (service.host.lower(), "localhost"):
            raise UrlRefusedError("the URL points at this service itself")
        served = await _addresses_of(service.host, port)
        for address in await _addresses_of(host, port):
            if address.is_loopback or address.is_unspecified or address in served:
                raise UrlRefusedError("the URL points at this service itself")
    if block_private:
        for address in await resolve(host, port):
            if is_internal(address):
                raise UrlRefusedError(
                    f"the URL's host resolves to {address}, a loopback, private or link-local "
                    "address (MEDALLION_WEBHOOK_BLOCK_PRIVATE is on)"
                )


async def _addresses_of(host: str, port: int) -> set[IpAddress]:
    try:
        return set(await resolve(host, port))
    except UrlRefusedError:
        return set()
