"""Which IP addresses a crawl may connect to.

A feed or a redirect can point the crawler at 127.0.0.1, the cloud metadata
service (169.254.169.254) or a router on 10.0.0.0/8. By default only globally
routable addresses are allowed; `IRWATCH_ALLOW_PRIVATE` opens all of them ("1")
or only the listed networks ("127.0.0.0/8,::1/128").
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class AddressPolicy:
    allow_all_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = ()

    def refusal(self, ip: str) -> str | None:
        """None when `ip` may be contacted, else the reason it may not.

        >>> AddressPolicy().refusal("10.0.0.1")
        '10.0.0.1 is a private address'
        """
        try:
            address: IPAddress = ipaddress.ip_address(ip.strip("[]"))
        except ValueError:
            return f"{ip!r} is not an IP address"
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if address.is_global and not address.is_multicast:
            return None
        if self.allow_all_private or any(address in net for net in self.allowed_networks):
            return None
        return f"{address} is a {describe(address)} address"


def describe(address: IPAddress) -> str:
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
    ):
        if getattr(address, attr):
            return label
    return "non-public"


def parse_policy(value: object) -> AddressPolicy:
    """Setting value → policy: False/"0"/"" → public only; True/"1" → anything; "10.1.0.0/16,::1" → those.

    Raises ValueError on a network that does not parse, so a typo cannot silently open everything.
    """
    if isinstance(value, bool):
        return AddressPolicy(allow_all_private=value)
    raw = str(value or "").strip()
    if raw.lower() in {"", "0", "false", "no", "off"}:
        return AddressPolicy()
    if raw.lower() in {"1", "true", "yes", "on"}:
        return AddressPolicy(allow_all_private=True)
    networks = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(f"IRWATCH_ALLOW_PRIVATE: {part!r} is not a network (e.g. 127.0.0.0/8)") from exc
    return AddressPolicy(allowed_networks=tuple(networks))
