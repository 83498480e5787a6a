"""Which network addresses fetching may reach: public internet addresses only, unless allowed.

A source URL comes from outside (a pasted link, a redirect a site sends), so it must not make
the workbench read from the reviewer's own machine or network: ``http://127.0.0.1:8080/admin``,
a router at ``192.168.1.1``, or the cloud metadata service at ``169.254.169.254``, whose answers
would then be stored in the shared database and shown in reports. Refused: loopback, private,
link-local, multicast, reserved, unspecified and other non-public addresses, however they are
written (``2130706433``, ``0x7f.1``, ``[::1]``, ``[::ffff:127.0.0.1]``) and whichever name
resolves to them.

The check that matters happens at connection time: :class:`GuardedBackend` resolves the name
itself, checks every address, and connects to a checked address, so a name whose DNS answer
changes between a check and the connection (DNS rebinding) cannot slip through.

Newsroom intranets are allowed explicitly with ``WORKBENCH_FETCH_ALLOW_HOSTS``: a comma-separated
list of host names (``wiki.newsroom.example``; ``.newsroom.example`` for it and every name under
it) and addresses or CIDR ranges (``10.20.0.0/16``, ``fd00::/8``, ``127.0.0.1``).
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claim_workbench.acquisition.errors import SourceError

if TYPE_CHECKING:
    import httpcore

__all__ = [
    "ALLOW_HOSTS_VARIABLE",
    "AllowList",
    "ForbiddenAddress",
    "GuardedBackend",
    "allow_list",
    "check_literal_host",
    "literal_address",
    "parse_allow_list",
    "refusal_reason",
]

ALLOW_HOSTS_VARIABLE = "WORKBENCH_FETCH_ALLOW_HOSTS"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The numeric spellings that the C library's inet_aton accepts and so getaddrinfo connects to:
# one to four parts, each decimal, octal (leading 0) or hexadecimal (0x): "2130706433",
# "0x7f.1", "017700000001", "127.1".
_NUMERIC_HOST = re.compile(r"^(0[xX][0-9A-Fa-f]*|[0-9]+)(\.(0[xX][0-9A-Fa-f]*|[0-9]+)){0,3}$")
_HOST_NAME = re.compile(r"^[\w-]+(\.[\w-]+)*$")
# NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address reached.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


class ForbiddenAddress(SourceError):
    """A fetch was refused because the host is, or resolves to, a non-public address."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        self.host = host
        self.address = address
        self.reason = reason
        super().__init__(self.explanation)

    @property
    def explanation(self) -> str:
        """What was refused and why, without the URL: ``localhost resolves to 127.0.0.1, a
        loopback address``."""
        spelled = literal_address(self.host)
        if spelled is None:
            return f"{self.host} resolves to {self.address}, {self.reason}"
        if _standard_spelling(self.host):
            return f"{self.host} is {self.reason}"
        return f"{self.host} is {spelled}, {self.reason}"  # "0x7f.1 is 127.0.0.1, ..."


def _standard_spelling(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# -- addresses ---------------------------------------------------------------------------------


def _reached(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address really reaches when it embeds one (mapped, 6to4,
    Teredo, NAT64, IPv4-compatible); otherwise the address itself."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address, the one a packet is delivered to
    if address in _NAT64 or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def refusal_reason(address: IPAddress) -> str | None:
    """Why fetching from ``address`` is refused (``"a loopback address"``), or ``None`` when it
    is a public internet address."""
    reached = _reached(address)
    for candidate in dict.fromkeys([reached, address]):  # both must be public
        reason = _reason(candidate)
        if reason is not None:
            return reason
    return None


def _reason(address: IPAddress) -> str | None:
    if address.is_loopback:
        return "a loopback address (this computer)"
    if address.is_unspecified:
        return "an unspecified address (it reaches this computer)"
    if address.is_link_local:
        return "a link-local address (where cloud metadata services answer)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "not a public internet address"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address ``host`` spells, if it is an address rather than a name: dotted or bracketed
    forms, and the decimal, octal and hexadecimal forms the system resolver also accepts."""
    value = host.strip().strip("[]").rstrip(".") if host else ""
    if not value:
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(value):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(value))
        except OSError:
            return None
    return None


# -- the allow-list ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AllowList:
    """Hosts and address ranges that may be fetched although they are not public."""

    names: frozenset[str] = frozenset()  # exact host names, lower case, no trailing dot
    suffixes: tuple[str, ...] = ()  # ".newsroom.example": that name and every name under it
    networks: tuple[IPNetwork, ...] = ()

    def allows_name(self, host: str) -> bool:
        name = host.strip().strip("[]").rstrip(".").lower()
        if name in self.names:
            return True
        return any(name == suffix[1:] or name.endswith(suffix) for suffix in self.suffixes)

    def allows_address(self, address: IPAddress) -> bool:
        candidates = {address, _reached(address)}
        return any(
            candidate.version == network.version and candidate in network
            for candidate in candidates
            for network in self.networks
        )

    def __bool__(self) -> bool:
        return bool(self.names or self.suffixes or self.networks)


def parse_allow_list(value: str) -> AllowList:
    """Parse ``WORKBENCH_FETCH_ALLOW_HOSTS``: comma- or space-separated host names, ``.suffix``
    (or ``*.suffix``) patterns, addresses and CIDR ranges. Raises :class:`SourceError` naming
    the first entry that is none of these."""
    names: set[str] = set()
    suffixes: list[str] = []
    networks: list[IPNetwork] = []
    for entry in re.split(r"[\s,]+", value.strip()):
        if not entry:
            continue
        item = entry.lower().rstrip(".")
        if "/" in item or literal_address(item) is not None:
            try:
                address = literal_address(item) if "/" not in item else None
                networks.append(
                    ipaddress.ip_network(
                        address if address is not None else item.strip("[]"), strict=False
                    )
                )
            except ValueError:
                raise SourceError(
                    f"{ALLOW_HOSTS_VARIABLE}: {entry!r} is not an address range "
                    "(write it like 10.20.0.0/16)"
                ) from None
            continue
        pattern = item.removeprefix("*")
        if pattern.startswith("."):
            if not _HOST_NAME.match(pattern[1:]):
                raise SourceError(f"{ALLOW_HOSTS_VARIABLE}: {entry!r} is not a host name")
            suffixes.append(pattern)
            continue
        if not _HOST_NAME.match(item):
            raise SourceError(
                f"{ALLOW_HOSTS_VARIABLE}: {entry!r} is not a host name, address or range"
            )
        names.add(item)
    return AllowList(frozenset(names), tuple(suffixes), tuple(networks))


@lru_cache(maxsize=8)
def _parsed(value: str) -> AllowList:
    return parse_allow_list(value)


def allow_list(environ: Mapping[str, str] | None = None) -> AllowList:
    """The allow-list now in force, read from the environment at every call (so a setting
    changed while the program runs applies to the next connection)."""
    environ = os.environ if environ is None else environ
    return _parsed(environ.get(ALLOW_HOSTS_VARIABLE, ""))


def check_literal_host(host: str, allowed: AllowList | None = None) -> None:
    """Raise :class:`ForbiddenAddress` if ``host`` spells a non-public address that the
    allow-list does not cover. Names are left to :class:`GuardedBackend`, which resolves them."""
    address = literal_address(host)
    if address is None:
        return
    allowed = allow_list() if allowed is None else allowed
    if allowed.allows_name(host) or allowed.allows_address(address):
        return
    reason = refusal_reason(address)
    if reason is not None:
        raise ForbiddenAddress(host, str(address), reason)


# -- connecting --------------------------------------------------------------------------------


# How long an attempt to connect to one address may go unanswered before the next address is
# tried alongside it (RFC 8305 recommends 250 ms).
HAPPY_EYEBALLS_DELAY = 0.25


def _interleave_families(addresses: list[str]) -> list[str]:
    """The resolver's order, alternating IPv6 and IPv4 from the first address's family on."""
    first = [a for a in addresses if (":" in a) == (":" in addresses[0])]
    other = [a for a in addresses if (":" in a) != (":" in addresses[0])]
    ordered: list[str] = []
    for index in range(max(len(first), len(other))):
        ordered.extend(group[index] for group in (first, other) if index < len(group))
    return ordered


class GuardedBackend:
    """An httpcore network backend (``httpcore.AsyncNetworkBackend``) that resolves names
    itself and connects only to addresses the policy allows.

    httpcore calls :meth:`connect_tcp` with the URL's host name; this resolves it, drops every
    address that is not public (unless allowed), and connects to one of the remaining ones by
    number. The TLS handshake that follows still names the host (SNI and certificate checks
    use the URL's name), and so does the request's Host header.

    httpcore is imported on first use, not with this module: the command line starts without it.
    """

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        import httpcore

        self._inner = inner if inner is not None else httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:

        allowed = allow_list()
        addresses = await self._resolve(host, port, timeout)
        permitted: list[str] = []
        refused: tuple[str, str] | None = None
        name_allowed = allowed.allows_name(host)
        for spelled, address in addresses:
            reason = None if name_allowed else refusal_reason(address)
            if reason is not None and not allowed.allows_address(address):
                refused = refused or (spelled, reason)
                continue
            permitted.append(spelled)
        if not permitted:
            assert refused is not None
            raise ForbiddenAddress(host, refused[0], refused[1])
        return await self._connect_first(
            _interleave_families(permitted),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def _connect_first(
        self, addresses: list[str], port: int, **options: Any
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first of ``addresses`` that answers, starting the next attempt
        whenever the current one has not succeeded within a short delay (Happy Eyeballs,
        RFC 8305, as anyio does for names): a host whose IPv6 address black-holes is then
        reached over IPv4 without waiting for the connect timeout."""
        import anyio
        import httpcore

        if len(addresses) == 1:
            return await self._inner.connect_tcp(addresses[0], port, **options)
        connected: list[httpcore.AsyncNetworkStream] = []
        errors: list[Exception] = []

        async with anyio.create_task_group() as group:

            async def attempt(address: str, failed: anyio.Event) -> None:
                try:
                    stream = await self._inner.connect_tcp(address, port, **options)
                except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                    errors.append(exc)
                    failed.set()
                    return
                connected.append(stream)
                group.cancel_scope.cancel()  # the other attempts are no longer needed

            for address in addresses:
                failed = anyio.Event()
                group.start_soon(attempt, address, failed)
                with anyio.move_on_after(HAPPY_EYEBALLS_DELAY):
                    await failed.wait()
        for extra in connected[1:]:  # two attempts finished at the same moment
            await extra.aclose()
        if connected:
            return connected[0]
        raise errors[0]

    async def _resolve(
        self, host: str, port: int, timeout: float | None
    ) -> list[tuple[str, IPAddress]]:
        import anyio
        import httpcore

        try:
            with anyio.fail_after(timeout):
                infos = await anyio.getaddrinfo(
                    host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
                )
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:  # socket.gaierror among them: described as "could not resolve"
            raise httpcore.ConnectError(str(exc)) from exc
        found: dict[str, IPAddress] = {}
        for _family, _type, _proto, _name, sockaddr in infos:
            spelled = str(sockaddr[0])
            try:
                found.setdefault(spelled, ipaddress.ip_address(spelled))
            except ValueError:
                continue  # not an IP socket address: nothing the policy could check
        if not found:
            raise httpcore.ConnectError(f"{host} has no usable address")
        return list(found.items())

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        import httpcore

        raise httpcore.ConnectError("fetching through a local socket is not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
