"""DNS resolver that refuses answers pointing at non-public addresses.

PrivateAddressMiddleware checks each request before it is sent, but the
connection resolves the host name again; a host that answers 203.0.113.5 to
the check and 127.0.0.1 to the connection (DNS rebinding) would slip through.
This resolver applies the same policy to the answer actually used to connect.
(IP-literal URLs never reach a resolver; the middleware covers those.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

from crawlers.addresses import AddressPolicy, parse_policy

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred


class PublicOnlyResolver(CachingThreadedResolver):
    def __init__(self, reactor: ReactorBase, cache_size: int, timeout: float, policy: AddressPolicy):
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> PublicOnlyResolver:
        cache_size = (
            crawler.settings.getint("DNSCACHE_SIZE") if crawler.settings.getbool("DNSCACHE_ENABLED") else 0
        )
        policy = parse_policy(crawler.settings.get("IRWATCH_ALLOW_PRIVATE"))
        return cls(reactor, cache_size, crawler.settings.getfloat("DNS_TIMEOUT"), policy)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 (Twisted API)
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    def _check(self, address: Any, name: str) -> Any:
        reason = self.policy.refusal(str(address))
        if reason:
            raise DNSLookupError(
                f"private-address: {name} resolves to {address} ({reason}); "
                "refused, see IRWATCH_ALLOW_PRIVATE"
            )
        return address
