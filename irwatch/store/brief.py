"""Read-only queries behind the weekly brief (irwatch/brief/).

Every query takes a period as two dates, `since` inclusive and `until` exclusive, compared with the
article's day (publisher-local, see v_article_days), and counts only relevant articles' current versions.
"""

from __future__ import annotations

from datetime import date

import psycopg

# the articles of the period, and the current-version mentions they carry
_PERIOD = """
    period_articles as (
        select * from v_article_days
         where relevant and day >= %(since)s and day < %(until)s
    ), period_mentions as (
        select m.*, a.story_key, a.day
          from mentions m
          join period_articles a on a.article_id = m.article_id and m.article_version = a.version
    )
"""

_HEADLINE = f"""
    with {_PERIOD}, period_deal_events as (
        select t.*
          from v_deals_timeline t
          join articles a on a.article_id = t.article_id
         where a.relevant and t.event_date >= %(since)s and t.event_date < %(until)s
    )
    select (select count(*) from period_articles) as relevant_articles,
           (select count(distinct story_key) from period_articles) as stories,
           -- a deal's first report (no report before it) opens the deal
           (select count(distinct deal_id) from period_deal_events where previous_status is null) as new_deals,
           (select count(distinct (deal_id, event_status)) from period_deal_events
             where advanced and previous_status is not null) as deal_status_changes,
           (select count(distinct story_key) from period_mentions where type = 'sanction') as sanction_stories,
           (select count(distinct story_key) from period_mentions
             where type = 'sanction' and caatsa) as caatsa_stories,
           (select count(*) from period_mentions where type = 'trade_figure') as trade_figures,
           (select count(*) from period_mentions
             where type = 'trade_figure' and is_target) as trade_targets
"""


def _rows(conn: psycopg.Connection, query: str, params: dict) -> list[dict]:
    cur = conn.execute(query, params)
    names = [c.name for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def headline_counts(conn: psycopg.Connection, since: date, until: date) -> dict[str, int]:
    """relevant_articles, stories, new_deals, deal_status_changes, sanction_stories, caatsa_stories,
    trade_figures, trade_targets of the period."""
    return _rows(conn, _HEADLINE, {"since": since, "until": until})[0]


def sanctions_by_regime_status(conn: psycopg.Connection, since: date, until: date) -> list[dict]:
    """(regime, status, stories, mentions) of the period's sanction mentions, most stories first."""
    return _rows(conn, f"""
        with {_PERIOD}
        select coalesce(regime, 'unspecified') as regime, coalesce(status, 'unknown') as status,
               count(distinct story_key) as stories, count(*) as mentions
          from period_mentions where type = 'sanction'
         group by 1, 2 order by stories desc, regime, status""", {"since": since, "until": until})


def mentions_per_day(conn: psycopg.Connection, since: date, until: date) -> list[dict]:
    """(day, type, mentions) for each day and event type with at least one mention."""
    return _rows(conn, f"""
        with {_PERIOD}
        select day, type, count(*) as mentions from period_mentions group by day, type order by day, type""",
                 {"since": since, "until": until})


def trade_figures(conn: psycopg.Connection, since: date, until: date) -> list[dict]:
    """Trade figures reported in the period: kind (target or actual), year, metric, amounts as stated and in
    USD, the outlet, title and link of the report, and whether the outlet is an official source."""
    return _rows(conn, f"""
        with {_PERIOD}
        select t.mention_id, t.kind, t.year, t.metric, t.stated, t.amount, t.currency, t.amount_usd, t.day,
               t.outlet, t.title, t.url, p.tier = 'official' as official
          from v_trade_figures t
          join period_articles p on p.article_id = t.article_id
         order by t.kind, t.year nulls last, t.day, t.mention_id""", {"since": since, "until": until})


_DEAL_STAGES = """
    with active as (
        -- deals with a report in the period
        select distinct t.deal_id
          from v_deals_timeline t join articles a on a.article_id = t.article_id
         where a.relevant and t.event_date >= %(since)s and t.event_date < %(until)s
    ), evidence as (
        select t.deal_id, t.deal_key, t.system, t.counterparty, t.programme, t.event_status, t.ladder_rank,
               t.event_date, t.outlet, t.url, src.tier = 'official' as official
          from v_deals_timeline t
          join active using (deal_id)
          join articles a on a.article_id = t.article_id
          left join sources src on src.source_id = a.source_id
         where a.relevant and t.event_date < %(until)s
    )
    select deal_id, deal_key, system, counterparty, programme, event_status as status, ladder_rank,
           min(event_date) as first_reported,
           coalesce(bool_or(official), false) as official,
           bool_or(event_date >= %(since)s) as in_period,
           count(*) as reports,
           (array_agg(url order by coalesce(official, false) desc, event_date, url))[1] as url,
           (array_agg(outlet order by coalesce(official, false) desc, event_date, url))[1] as outlet
      from evidence
     group by deal_id, deal_key, system, counterparty, programme, event_status, ladder_rank
     order by max(max(event_date)) over (partition by deal_id) desc, deal_key, ladder_rank nulls last, status
"""


def deal_stages(conn: psycopg.Connection, since: date, until: date) -> list[dict]:
    """For each deal reported in the period, each stage its reports reached up to the period's end: when it was
    first reported, whether an official source reported it (its link first), and whether the period did."""
    return _rows(conn, _DEAL_STAGES, {"since": since, "until": until})


_SANCTION_STORIES = f"""
    with {_PERIOD}, story_sanctions as (
        select story_key, bool_or(coalesce(caatsa, false)) as caatsa,
               array_agg(distinct coalesce(regime, 'unspecified') order by coalesce(regime, 'unspecified'))
                   as regimes,
               array_agg(distinct coalesce(status, 'unknown') order by coalesce(status, 'unknown')) as statuses,
               array_remove(array_agg(distinct imposer order by imposer), null) as imposers,
               array_remove(array_agg(distinct target order by target), null) as targets,
               min(day) as first_day
          from period_mentions where type = 'sanction'
         group by story_key
    )
    select s.*, c.title, c.url, c.outlets, c.copies
      from story_sanctions s
      cross join lateral (
        -- every copy of the story published by the period's end, the earliest one's title and link
        select (array_agg(d.title order by d.day, d.article_id))[1] as title,
               (array_agg(d.url order by d.day, d.article_id))[1] as url,
               array_agg(distinct d.outlet order by d.outlet) as outlets,
               count(*) as copies
          from v_article_days d
         where d.story_key = s.story_key and d.day < %(until)s
      ) c
     order by s.caatsa desc, s.first_day, s.story_key
"""


def sanction_stories(conn: psycopg.Connection, since: date, until: date) -> list[dict]:
    """One row per story with a sanction mention in the period: caatsa, regimes, statuses, imposers, targets,
    its first report's title and link, the outlets carrying it; CAATSA stories first."""
    return _rows(conn, _SANCTION_STORIES, {"since": since, "until": until})


_TOP_STORIES = f"""
    with {_PERIOD}, story_types as (
        select a.story_key,
               array_remove(array_agg(distinct m.type order by m.type), null) as types
          from period_articles a
          left join period_mentions m on m.article_id = a.article_id
         group by a.story_key
    )
    select t.story_key, t.types, c.title, c.url, c.outlets, c.copies, c.first_day
      from story_types t
      cross join lateral (
        select (array_agg(d.title order by d.day, d.article_id))[1] as title,
               (array_agg(d.url order by d.day, d.article_id))[1] as url,
               array_agg(distinct d.outlet order by d.outlet) as outlets,
               count(*) as copies, min(d.day) as first_day
          from v_article_days d
         where d.story_key = t.story_key and d.day < %(until)s
      ) c
     order by cardinality(c.outlets) desc, c.copies desc, c.first_day desc, t.story_key
     limit %(limit)s
"""


def top_stories(conn: psycopg.Connection, since: date, until: date, limit: int = 10) -> list[dict]:
    """The period's stories carried by the most outlets (copies published by the period's end), with the
    event types tagged in the period."""
    return _rows(conn, _TOP_STORIES, {"since": since, "until": until, "limit": limit})
