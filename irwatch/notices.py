"""Operator notices (a failed Airflow task, unhealthy sources): one plain-text email, sent now or raised.

Unlike alerts these have no outbox: the caller decides what a failure means (the failure callback logs it, the
maintenance task lets Airflow retry), and `irwatch.store.upkeep` keeps a daily notice from going out twice.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from irwatch.config import SmtpSettings
from irwatch.textsafe import header_safe


def build_notice(sender: str, recipients: list[str], subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    # the subject carries task ids and error text, which may hold anything: one safe line
    msg["Subject"] = header_safe(subject, 160)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="irwatch.invalid")
    msg.set_content(body)
    return msg


def send_notice(smtp: SmtpSettings, recipients: list[str], subject: str, body: str) -> str:
    """Deliver one notice; return the server's reply. Raises OSError / smtplib.SMTPException on failure."""
    msg = build_notice(smtp.sender, recipients, subject, body)
    factory = smtplib.SMTP_SSL if smtp.use_ssl else smtplib.SMTP
    with factory(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
        refused = client.send_message(msg, to_addrs=recipients)
    return "250 accepted" + (f"; refused: {', '.join(sorted(refused))}" if refused else "")
