"""deals and deal_events: the register of real-world deals, rebuilt from deal mentions by the tag stage.

The matching rule and the status rule are pure functions in irwatch/deal_matching.py. After each tag
batch, every (system, counterparty) the batch touched is rebuilt from all current-version deal mentions
of those systems, in the batch's transaction: deal rows keep their ids, events are replaced.
"""

from __future__ import annotations

from collections import defaultdict

import psycopg

from irwatch import deal_matching as rule

_MENTIONS = """
    select m.mention_id, m.article_id, m.article_version, m.system, m.parties, m.status,
           m.fields ->> 'expected_status', m.sentence, m.start_char, m.quantity, m.value_usd,
           coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                    (a.fetched_at at time zone 'UTC')::date) as event_date,
           a.source_name
      from mentions m join articles a using (article_id)
     where m.type = 'deal' and m.article_version = a.version and m.system = any(%s)
"""

_UPSERT_DEAL = """
    insert into deals (deal_key, system, counterparty, programme)
    values (%s, %s, %s, %s)
    on conflict (deal_key) do update set updated_at = deals.updated_at
    returning deal_id
"""

_INSERT_EVENT = """
    insert into deal_events (deal_id, mention_id, article_id, article_version, status, expected_status, event_date,
                             outlet, sentence, start_char, quantity, value_usd, conflicts)
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
    on conflict (article_id, article_version, deal_id, status, start_char) do nothing
"""

_SUMMARY = """
    update deals d set
        first_reported = s.first_reported,
        first_article_id = s.first_article_id,
        contract_value_usd = s.value_usd,
        quantity = s.quantity,
        status = %s, status_since = %s,
        events = s.events, conflicting_events = s.conflicting,
        updated_at = now()
    from (select min(event_date) as first_reported,
                 (array_agg(article_id order by event_date nulls last, article_id))[1] as first_article_id,
                 max(value_usd) as value_usd, max(quantity) as quantity,
                 count(*) as events, count(*) filter (where conflicts) as conflicting
            from deal_events where deal_id = %s) s
    where d.deal_id = %s
      and (d.first_reported, d.first_article_id, d.contract_value_usd, d.quantity, d.status, d.status_since,
           d.events, d.conflicting_events)
          is distinct from
          (s.first_reported, s.first_article_id, s.value_usd, s.quantity, %s, %s, s.events, s.conflicting)
"""


def systems_of_articles(conn: psycopg.Connection, article_ids: list[int]) -> list[str]:
    """Systems whose register an article batch may change: those it mentions now and those it used to."""
    rows = conn.execute(
        """select system from mentions where type = 'deal' and system is not null and article_id = any(%s)
           union
           select d.system from deal_events e join deals d using (deal_id) where e.article_id = any(%s)""",
        (article_ids, article_ids),
    ).fetchall()
    return sorted(r[0] for r in rows)


def rebuild(conn: psycopg.Connection, systems: list[str]) -> int:
    """Rebuild the register for these systems from current mentions; return the number of events."""
    if not systems:
        return 0
    rows = conn.execute(_MENTIONS, (systems,)).fetchall()
    groups: dict[tuple[str, str | None], list[tuple]] = defaultdict(list)
    for row in rows:
        groups[(row[3], rule.counterparty(row[4]))].append(row)
    conn.execute(
        "delete from deal_events where deal_id in (select deal_id from deals where system = any(%s))", (systems,)
    )
    total = 0
    for (system, party), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        reports = {row[0]: rule.Report(row[0], row[1], system, party, rule.programme(row[7]), row[5], row[11])
                   for row in group}
        programmes = rule.assign(list(reports.values()))
        by_deal: dict[str, list[tuple]] = defaultdict(list)
        for row in group:
            by_deal[programmes[row[0]]].append(row)
        for prog, deal_rows in sorted(by_deal.items()):
            deal_id = conn.execute(_UPSERT_DEAL, (rule.deal_key(system, party, prog), system, party, prog)).fetchone()[0]
            standing = rule.standing([reports[r[0]] for r in deal_rows])
            with conn.cursor() as cur:
                cur.executemany(_INSERT_EVENT, [
                    (deal_id, r[0], r[1], r[2], r[5] or "unknown", r[6], r[11], r[12], r[7], r[8], r[9], r[10],
                     r[0] in standing.conflicting)
                    for r in deal_rows
                ])
            conn.execute(_SUMMARY, (standing.status, standing.status_since, deal_id, deal_id,
                                    standing.status, standing.status_since))
            total += len(deal_rows)
    # a deal no current mention supports any more (its articles were re-tagged) is not a deal
    conn.execute("delete from deals d where system = any(%s) and not exists "
                 "(select 1 from deal_events e where e.deal_id = d.deal_id)", (systems,))
    return total
