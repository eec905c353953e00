"""The source registry: crawlers/sources.yaml (reviewed by people) mirrored into the `sources` table.

    registry = load_registry()            # validated list of dicts
    with connect(dsn) as conn:
        sync_sources(conn, registry)      # upsert by name (SQL in irwatch/store/sources.py)
        name = register_feed(conn, "https://example.com/rss.xml")   # ad hoc feed

The YAML file is a list of mappings with the keys name, title, homepage, kind,
url, tier, country, language, confirmed, evidence, note.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import yaml

from irwatch.config import PROJECT_ROOT
from irwatch.store import sources as store_sources

REGISTRY_PATH = PROJECT_ROOT / "crawlers" / "sources.yaml"
KINDS = ("feed", "sitemap", "listing")
TIERS = ("official", "wire", "media")
_FIELDS = (
    "name",
    "title",
    "homepage",
    "kind",
    "url",
    "tier",
    "country",
    "language",
    "confirmed",
    "evidence",
    "note",
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class RegistryError(ValueError):
    """crawlers/sources.yaml (or a registration) is not valid; the message says which entry and why."""


def _validate(entry: object, index: int, seen: set[str]) -> dict:
    where = f"sources.yaml entry {index}"
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = set(entry) - set(_FIELDS)
    if unknown:
        raise RegistryError(f"{where}: unknown keys {sorted(unknown)}; allowed: {', '.join(_FIELDS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise RegistryError(f"{where}: name {name!r} must be lowercase letters, digits, '.', '_' or '-'")
    where = f"sources.yaml source {name!r}"
    if name in seen:
        raise RegistryError(f"{where}: name is used twice; names must be unique")
    if entry.get("kind") not in KINDS:
        raise RegistryError(f"{where}: kind {entry.get('kind')!r} must be one of {', '.join(KINDS)}")
    if entry.get("tier") not in TIERS:
        raise RegistryError(f"{where}: tier {entry.get('tier')!r} must be one of {', '.join(TIERS)}")
    url = entry.get("url")
    if (
        not isinstance(url, str)
        or urlsplit(url).scheme not in ("http", "https")
        or not urlsplit(url).hostname
    ):
        raise RegistryError(f"{where}: url {url!r} must be an absolute http(s) URL")
    confirmed = entry.get("confirmed", False)
    if not isinstance(confirmed, bool):
        raise RegistryError(f"{where}: confirmed must be true or false, got {confirmed!r}")
    clean = {key: entry.get(key) for key in _FIELDS}
    clean["confirmed"] = confirmed
    clean["language"] = entry.get("language") or "en"
    return clean


def load_registry(path: Path | str = REGISTRY_PATH) -> list[dict]:
    """Read and validate the registry; raises RegistryError naming the bad entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RegistryError(f"{path}: source registry not found") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from exc
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RegistryError(f"{path}: expected a list of sources at the top level")
    seen: set[str] = set()
    registry = []
    for index, entry in enumerate(raw, start=1):
        clean = _validate(entry, index, seen)
        seen.add(clean["name"])
        registry.append(clean)
    return registry


def adhoc_feed_name(url: str) -> str:
    """A stable, readable name for a feed that is not in the registry.

    >>> adhoc_feed_name("https://www.example.com/rss/world.xml")
    'adhoc-www-example-com-fb5dc8'
    """
    host = (urlsplit(url).hostname or "unknown").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-")
    return f"adhoc-{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:6]}"


def register_feed(
    conn: psycopg.Connection, url: str, name: str | None = None, title: str | None = None,
    *, repoint: bool = False,
) -> str:
    """Register an ad hoc feed URL (kind feed, unconfirmed); return its name. Idempotent.

    Refuses to repoint an existing name at a different URL, which would silently
    merge two sources' history, unless the caller says the feed moved (`repoint`).
    """
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise RegistryError(f"feed url {url!r} must be an absolute http(s) URL")
    name = name or adhoc_feed_name(url)
    if not _NAME.match(name):
        raise RegistryError(f"source name {name!r} must be lowercase letters, digits, '.', '_' or '-'")
    homepage = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/"
    existing = store_sources.insert_feed(conn, name, title, url, homepage, repoint=repoint)
    if existing is not None:
        raise RegistryError(
            f"source {name!r} already exists as {existing[1]} {existing[0]}; pick another name for {url}"
        )
    return name


def sync_sources(conn: psycopg.Connection, registry: list[dict] | None = None) -> int:
    """Upsert every registry entry into `sources` by name; return how many entries were synced."""
    registry = load_registry() if registry is None else registry
    return store_sources.sync(conn, [{k: e.get(k) for k in _FIELDS if k not in ("evidence", "note")}
                                     for e in registry])


find_source = store_sources.find_source
