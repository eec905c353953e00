"""Find a registered source by name for `-a source=NAME`: the sources table first, then sources.yaml.

The table wins because operators may have changed a URL or disabled a source
there; the YAML file is the fallback for crawls without a database.
"""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg

from irwatch.sources import REGISTRY_PATH, RegistryError, find_source, load_registry

log = logging.getLogger(__name__)


class UnknownSource(ValueError):
    pass


def resolve_source(name: str, *, dsn: str | None, registry_path: str | Path | None = None) -> dict:
    if dsn:
        try:
            with psycopg.connect(dsn, connect_timeout=10) as conn:
                row = find_source(conn, name)
        except psycopg.OperationalError as exc:
            log.warning("sources table unavailable (%s); looking %r up in sources.yaml", exc, name)
            row = None
        if row is not None:
            if not row.get("enabled", True):
                raise UnknownSource(f"source {name!r} is disabled in the sources table (enabled = false)")
            return row
    path = Path(registry_path or REGISTRY_PATH)
    try:
        registry = load_registry(path) if path.exists() else []
    except RegistryError as exc:
        raise UnknownSource(f"source {name!r}: cannot read {path}: {exc}") from exc
    for entry in registry:
        if entry["name"] == name:
            return entry
    known = ", ".join(sorted(e["name"] for e in registry)) or "none"
    raise UnknownSource(f"no source named {name!r} in the sources table or {path} (registered: {known})")
