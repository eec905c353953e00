"""Operator notices (a failed Airflow task, unhealthy sources): one plain-text email, sent now or raised.

Unlike alerts these have no outbox: the caller decides what a failure means (the failure callback logs it, the
maintenance task lets Airflow retry), and `irwatch.store.upkeep` keeps a daily notice from going out twice.
"""

from __future__ import annotations

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
    from irwatch.mail import deliver, open_smtp

    with open_smtp(smtp) as client:
        return deliver(client, build_notice(smtp.sender, recipients, subject, body), smtp.sender, recipients)
