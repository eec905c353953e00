"""alert_rules: the YAML rules mirrored in (source 'yaml'); rules added by SQL are left alone."""

from __future__ import annotations

import psycopg
from psycopg.types.json import Jsonb

_UPSERT = """
    insert into alert_rules (rule, description, event_type, filters, recipients, mode, digest_hour, digest_tz,
                             max_age_days, enabled, source)
    values (%(rule)s, %(description)s, %(event_type)s, %(filters)s, %(recipients)s, %(mode)s, %(digest_hour)s,
            %(digest_tz)s, %(max_age_days)s, %(enabled)s, 'yaml')
    on conflict (rule) do update set
        description = excluded.description, event_type = excluded.event_type, filters = excluded.filters,
        recipients = excluded.recipients, mode = excluded.mode, digest_hour = excluded.digest_hour,
        digest_tz = excluded.digest_tz, max_age_days = excluded.max_age_days, enabled = excluded.enabled,
        updated_at = now()
    where alert_rules.source = 'yaml'
      and (alert_rules.description, alert_rules.event_type, alert_rules.filters, alert_rules.recipients,
           alert_rules.mode, alert_rules.digest_hour, alert_rules.digest_tz, alert_rules.max_age_days,
           alert_rules.enabled)
          is distinct from
          (excluded.description, excluded.event_type, excluded.filters, excluded.recipients, excluded.mode,
           excluded.digest_hour, excluded.digest_tz, excluded.max_age_days, excluded.enabled)
"""


def sync(conn: psycopg.Connection, rules: list[dict]) -> None:
    """Mirror the YAML rules; a rule an analyst created or took over by SQL (source 'sql') is not touched."""
    with conn.transaction():
        for rule in rules:
            conn.execute(_UPSERT, {**rule, "filters": Jsonb(rule["filters"]),
                                   "recipients": [] if rule["recipients"] == "env" else rule["recipients"]})
        # a rule taken out of the file stops; its alerts stay, recorded under its name
        conn.execute("delete from alert_rules where source = 'yaml' and not (rule = any(%s))",
                     ([r["rule"] for r in rules],))


def enabled(conn: psycopg.Connection) -> list[dict]:
    cur = conn.execute(
        """select rule, description, event_type, filters, recipients, mode, digest_hour, digest_tz, max_age_days,
                  source
             from alert_rules where enabled order by rule"""
    )
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def descriptions(conn: psycopg.Connection) -> dict[str, str]:
    """rule -> description, for the footer of its emails."""
    return dict(conn.execute("select rule, description from alert_rules").fetchall())


def all_rules(conn: psycopg.Connection) -> list[dict]:
    cur = conn.execute(
        """select r.rule, r.event_type, r.mode, r.digest_hour, r.digest_tz, r.enabled, r.source, r.filters,
                  cardinality(r.recipients) as recipients, r.description,
                  (select count(*) from alerts x where x.rule = r.rule and x.status = 'sent') as sent,
                  (select count(*) from alerts x where x.rule = r.rule and x.status in ('pending', 'sending'))
                      as queued,
                  (select count(*) from alerts x where x.rule = r.rule and x.status = 'failed') as failed
             from alert_rules r order by r.rule"""
    )
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
