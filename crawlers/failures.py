"""Why a request produced no page, as a short kind for crawl_runs.errors and a sentence for the log.

Our own middlewares raise `SkipRequest` (a deliberate, already counted skip:
seen before, not modified) or `RefusedRequest` (a bad case: private address,
redirect loop). Everything else is classified from Scrapy's and Twisted's
exception types.
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_error
from twisted.python.failure import Failure


class SkipRequest(IgnoreRequest):
    """A request deliberately not made; counted by whoever raised it under irwatch/skipped/<code>."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class RefusedRequest(IgnoreRequest):
    """A request refused for a reason worth counting as an error (kind = e.g. 'private-address')."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def classify(failure: Failure | BaseException) -> tuple[str, str] | None:
    """(kind, message) for crawl_runs.errors, or None for deliberate skips.

    >>> classify(RefusedRequest("private-address", "10.0.0.1 refused"))
    ('private-address', '10.0.0.1 refused')
    """
    exc = failure.value if isinstance(failure, Failure) else failure
    message = str(exc) or type(exc).__name__
    if isinstance(exc, SkipRequest):
        return None
    if isinstance(exc, RefusedRequest):
        return exc.kind, message
    if isinstance(exc, HttpError):
        response = exc.response
        return f"http-{response.status}", f"HTTP {response.status} from {response.url}"
    if isinstance(exc, DownloadTimeoutError | twisted_error.TimeoutError | twisted_error.TCPTimedOutError):
        return "timeout", message
    if isinstance(exc, DownloadCancelledError):
        kind = "too-large" if "size" in message.lower() else "cancelled"
        return kind, message
    if isinstance(exc, CannotResolveHostError | twisted_error.DNSLookupError):
        if "private-address" in message:
            return "private-address", message
        return "dns", message
    if isinstance(exc, DownloadConnectionRefusedError | twisted_error.ConnectionRefusedError):
        return "connection-refused", message
    if isinstance(exc, ResponseDataLossError):
        return "data-loss", message
    if isinstance(exc, IgnoreRequest):
        lowered = message.lower()
        if "robots.txt" in lowered:
            return "robots-disallowed", message
        if "max redirections" in lowered:
            return "too-many-redirects", message
        if "offsite" in lowered:
            return "offsite", message
        return "ignored", message
    return "download-error", f"{type(exc).__name__}: {message}"
