"""Alert rules as data: irwatch/alert_rules.yaml mirrored into `alert_rules`, and whether a mention matches one.

    rules = load_rules()                     # validated dicts from the YAML file
    matches(rule, mention)                   # pure: does this mention (a dict of mentions columns) qualify?
"""

from __future__ import annotations

from pathlib import Path

import yaml

from irwatch.config import PROJECT_ROOT

RULES_PATH = PROJECT_ROOT / "irwatch" / "alert_rules.yaml"
EVENT_TYPES = ("sanction", "deal", "trade_figure")
MODES = ("immediate", "digest")
FILTERS = ("regime", "caatsa", "statuses", "systems", "targets", "indian_company", "min_relevance", "tiers")
_FIELDS = ("rule", "description", "event_type", "filters", "recipients", "mode", "digest_hour", "digest_tz",
           "max_age_days", "enabled")
# parties of a sanction that make it "about an Indian company"
INDIAN_COMPANIES = frozenset({"Reliance Industries", "Nayara Energy", "Indian Oil", "BPCL", "HPCL", "ONGC Videsh",
                              "HAL", "Goa Shipyard"})


class RuleError(ValueError):
    """alert_rules.yaml (or a rule row) is not valid; the message names the rule and why."""


def validate(entry: object, index: int = 0) -> dict:
    where = f"alert rule {index}"
    if not isinstance(entry, dict):
        raise RuleError(f"{where}: expected a mapping")
    unknown = set(entry) - set(_FIELDS)
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}; allowed: {', '.join(_FIELDS)}")
    name = entry.get("rule")
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise RuleError(f"{where}: rule name {name!r} must be letters, digits, '-' or '_'")
    where = f"alert rule {name!r}"
    if entry.get("event_type") not in EVENT_TYPES:
        raise RuleError(f"{where}: event_type must be one of {', '.join(EVENT_TYPES)}")
    mode = entry.get("mode", "immediate")
    if mode not in MODES:
        raise RuleError(f"{where}: mode must be immediate or digest")
    hour = entry.get("digest_hour")
    if mode == "digest" and not (isinstance(hour, int) and 0 <= hour <= 23):
        raise RuleError(f"{where}: a digest rule needs digest_hour 0-23")
    filters = entry.get("filters") or {}
    if not isinstance(filters, dict) or set(filters) - set(FILTERS):
        raise RuleError(f"{where}: filters may only use {', '.join(FILTERS)}")
    recipients = entry.get("recipients", "env")
    if recipients != "env" and not (isinstance(recipients, list) and all(isinstance(r, str) and "@" in r
                                                                          for r in recipients)):
        raise RuleError(f"{where}: recipients must be 'env' or a list of addresses")
    return {
        "rule": name, "description": entry.get("description") or "", "event_type": entry["event_type"],
        "filters": filters, "recipients": recipients, "mode": mode, "digest_hour": hour,
        "digest_tz": entry.get("digest_tz") or "Asia/Kolkata", "max_age_days": int(entry.get("max_age_days", 3)),
        "enabled": bool(entry.get("enabled", True)),
    }


def load_rules(path: Path | str = RULES_PATH) -> list[dict]:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError as exc:
        raise RuleError(f"{path}: alert rules file not found") from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise RuleError(f"{path}: expected a list of rules")
    rules = [validate(entry, i) for i, entry in enumerate(raw, start=1)]
    names = [r["rule"] for r in rules]
    if len(names) != len(set(names)):
        raise RuleError(f"{path}: rule names must be unique")
    return rules


def _any(wanted, value) -> bool:
    return wanted is None or value in wanted


def matches(rule: dict, mention: dict) -> bool:
    """Does a mention (mentions columns plus the article's `relevance` and the source's `tier`) qualify?

    >>> matches({"event_type": "sanction", "filters": {"caatsa": True, "statuses": ["imposed"]}},
    ...         {"type": "sanction", "caatsa": True, "status": "imposed", "relevance": 0.9})
    True
    """
    if mention.get("type") != rule["event_type"]:
        return False
    f = rule.get("filters") or {}
    if f.get("caatsa") and not mention.get("caatsa"):
        return False
    if (f.get("min_relevance") is not None
            and (mention.get("relevance") is None or mention["relevance"] < f["min_relevance"])):
        return False
    if f.get("indian_company") and not INDIAN_COMPANIES & set(mention.get("parties") or []):
        return False
    return (_any(f.get("regime"), mention.get("regime")) and _any(f.get("statuses"), mention.get("status"))
            and _any(f.get("systems"), mention.get("system")) and _any(f.get("targets"), mention.get("target"))
            and _any(f.get("tiers"), mention.get("tier")))
