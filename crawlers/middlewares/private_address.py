"""Refuse requests (and redirects, which come back through here) to non-public addresses.

Host names are resolved before the request is sent, so nothing ever connects
to 10.0.0.1 or 169.254.169.254 because a feed or a redirect said so. The DNS
resolver (crawlers/resolver.py) applies the same policy to the connection itself.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawlers.addresses import AddressPolicy, parse_policy
from crawlers.failures import RefusedRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class PrivateAddressMiddleware:
    def __init__(self, crawler: Crawler, policy: AddressPolicy):
        self.crawler = crawler
        self.policy = policy
        self._resolved: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler, parse_policy(crawler.settings.get("IRWATCH_ALLOW_PRIVATE")))

    async def _addresses(self, host: str, port: int) -> list[str]:
        if _is_ip_literal(host):
            return [host]
        if host not in self._resolved:
            loop = asyncio.get_running_loop()
            try:
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError:
                # let the download fail with Scrapy's own DNS error, counted as "dns"
                return []
            self._resolved[host] = sorted({info[4][0] for info in infos})
        return self._resolved[host]

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # a feed linking to file:///etc/passwd or ftp:// must not make us read it
            self.crawler.stats.inc_value("irwatch/refused/scheme")
            raise RefusedRequest("bad-scheme", f"bad-scheme: {request.url}: only http(s) URLs are fetched")
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for address in await self._addresses(host, port):
            reason = self.policy.refusal(address)
            if reason:
                via = request.meta.get("redirect_urls")
                origin = f" (redirected from {via[0]})" if via else ""
                message = (
                    f"private-address: {request.url}{origin}: {host} is {reason.split(' is ', 1)[1]}; "
                    "refused before connecting (set IRWATCH_ALLOW_PRIVATE to allow)"
                )
                self.crawler.stats.inc_value("irwatch/refused/private-address")
                raise RefusedRequest("private-address", message)
        return None
