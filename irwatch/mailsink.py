"""A local SMTP sink for the demo and the tests: a real SMTP server (aiosmtpd) on 127.0.0.1.

Every message is written to `<mail_dir>/<message-id>.eml`, so a retried message with
the same Message-ID replaces its file instead of adding a second one.
"""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _SaveHandler:
    def __init__(self, mail_dir: Path):
        self.mail_dir = mail_dir
        self.received: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd hook name)
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        message_id = message.get("Message-ID", "") or f"no-id-{len(self.received)}"
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", message_id.strip("<>"))[:150] or "message"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        (self.mail_dir / f"{name}.eml").write_bytes(envelope.original_content or envelope.content)
        self.received.append(message)
        return "250 Message accepted for delivery"


class MailSink:
    """`with MailSink(dir) as sink:` runs an SMTP server; `sink.port`, `sink.messages`."""

    def __init__(self, mail_dir: Path, port: int | None = None):
        self.handler = _SaveHandler(Path(mail_dir))
        self.port = port or free_port()
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list:
        return self.handler.received

    def __enter__(self) -> MailSink:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
