"""Settings read from the environment, once, in one place.

Secrets (DSN passwords, SMTP credentials) only ever come from here or from an
Airflow connection; nothing in the code base carries a default secret.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _state_dir() -> Path:
    return Path(os.environ.get("IRWATCH_HOME", PROJECT_ROOT / ".irwatch")).resolve()


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 1025
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    use_ssl: bool = False  # implicit TLS (port 465)
    sender: str = "irwatch alerts <alerts@irwatch.invalid>"
    timeout: float = 10.0


@dataclass(frozen=True)
class Settings:
    dsn: str | None
    home: Path
    alert_recipients: tuple[str, ...]
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    brief_recipients: tuple[str, ...] = ()
    # who hears about failed tasks and unhealthy sources (IRWATCH_OPERATOR_TO); nobody when unset
    operator_recipients: tuple[str, ...] = ()

    @property
    def pgdata(self) -> Path:
        return self.home / "pgdata"

    @property
    def mail_dir(self) -> Path:
        return self.home / "mail"


def _addresses(raw: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in raw.split(",") if r.strip())


def load_settings() -> Settings:
    recipients = _addresses(os.environ.get("IRWATCH_ALERT_TO", "analysts@irwatch.invalid"))
    # the weekly brief goes to the alert recipients unless it has a list of its own
    brief_recipients = _addresses(os.environ.get("IRWATCH_BRIEF_TO", "")) or recipients
    smtp = SmtpSettings(
        host=os.environ.get("IRWATCH_SMTP_HOST", "127.0.0.1"),
        port=int(os.environ.get("IRWATCH_SMTP_PORT", "1025")),
        user=os.environ.get("IRWATCH_SMTP_USER") or None,
        password=os.environ.get("IRWATCH_SMTP_PASSWORD") or None,
        starttls=_bool("IRWATCH_SMTP_STARTTLS", False),
        use_ssl=_bool("IRWATCH_SMTP_SSL", False),
        sender=os.environ.get("IRWATCH_SMTP_FROM", SmtpSettings.sender),
    )
    return Settings(
        dsn=os.environ.get("IRWATCH_DSN") or None,
        home=_state_dir(),
        alert_recipients=recipients,
        smtp=smtp,
        brief_recipients=brief_recipients,
        operator_recipients=_addresses(os.environ.get("IRWATCH_OPERATOR_TO", "")),
    )
