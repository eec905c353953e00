-- The analysts' surface: views that answer the usual questions without re-deriving the joins each time.
-- Rules shared by every view:
--   * "current version": a mention (or deal event) counts only when its article_version is the article's
--     current version (articles.version); events of superseded versions are never shown.
--   * "day": the publisher-local day (articles.published_local_date), else the UTC day of published_at,
--     else the UTC day the article was fetched; day_source says which one it is.
--   * "outlet": articles.source_name.
-- The read-only role is granted each view explicitly (the default privileges of 0002 only cover objects
-- created by the role that ran 0002). No view exposes alerts.recipients.

-- one row per deal status: its rank on the ladder (proposed 1 .. commissioned 7; cancelled and unknown are
-- off the ladder, rank null)
create view v_deal_ladder as
select status, ladder_rank, meaning
from (values
    ('proposed', 1, 'offered, floated, pitched'),
    ('negotiating', 2, 'talks, bids, expected or likely to sign'),
    ('approved', 3, 'DAC/CCS/cabinet clearance, green light'),
    ('signed', 4, 'contract or agreement signed, an existing order, a lease under way'),
    ('in_production', 5, 'being manufactured, production started'),
    ('delivered', 6, 'any unit received or inducted, a leased vessel handed over'),
    ('commissioned', 7, 'a ship commissioned into service'),
    ('cancelled', null, 'scrapped or shelved (off the ladder)'),
    ('unknown', null, 'named as a deal with no stage (off the ladder)')
) as ladder (status, ladder_rank, meaning);
comment on view v_deal_ladder is
    'grain: one row per deal status; ladder_rank 1 (proposed) .. 7 (commissioned), null for cancelled and unknown';

-- one row per CAATSA sanction mention in an article's current version
create view v_caatsa_mentions as
select m.mention_id,
       a.article_id,
       coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                (a.fetched_at at time zone 'UTC')::date) as day,
       case when a.published_local_date is not null then 'publisher'
            when a.published_at is not null then 'published_utc'
            else 'fetched' end as day_source,
       a.source_name as outlet,
       a.title,
       a.canonical_url as url,
       m.status,
       m.imposer,
       m.target,
       m.sentence,
       a.relevant,
       alert.alert_id,
       alert.status as alert_status
from mentions m
join articles a on a.article_id = m.article_id and m.article_version = a.version
left join lateral (
    -- the alert raised for this mention, else the article's latest alert (it covers the article's others)
    select x.alert_id, x.status
    from alerts x
    where x.article_id = a.article_id
    order by (x.mention_id = m.mention_id) desc nulls last, x.alert_id desc
    limit 1
) alert on true
where m.type = 'sanction' and m.caatsa;
comment on view v_caatsa_mentions is
    'grain: one row per CAATSA sanction mention of an article''s current version, with the article''s alert status (null: no alert)';

-- one row per sanction mention (any regime) in an article's current version
create view v_sanctions as
select m.mention_id,
       a.article_id,
       coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                (a.fetched_at at time zone 'UTC')::date) as day,
       a.source_name as outlet,
       a.title,
       a.canonical_url as url,
       m.regime,
       m.status,
       m.imposer,
       m.target,
       coalesce(m.caatsa, false) as caatsa,
       m.sentence,
       a.relevant
from mentions m
join articles a on a.article_id = m.article_id and m.article_version = a.version
where m.type = 'sanction';
comment on view v_sanctions is
    'grain: one row per sanction mention (any regime, any status) of an article''s current version';

-- one row per deal event of an article's current version, with its deal, in the deal's time order
create view v_deals_timeline as
with events as (
    select e.*, l.ladder_rank
    from deal_events e
    join articles a on a.article_id = e.article_id and e.article_version = a.version
    left join v_deal_ladder l on l.status = e.status
), ordered as (
    select e.*,
           lag(e.status) over w as previous_status,
           max(e.ladder_rank) over (w rows between unbounded preceding and 1 preceding) as furthest_rank_before,
           bool_or(e.status = 'cancelled') over (w rows between unbounded preceding and 1 preceding)
               as cancelled_before
    from events e
    window w as (partition by e.deal_id order by e.event_date, e.deal_event_id)
)
select o.deal_event_id,
       d.deal_id,
       d.deal_key,
       d.system,
       d.counterparty,
       d.programme,
       d.status as deal_status,
       dl.ladder_rank as deal_ladder_rank,
       d.status_since as deal_status_since,
       o.status as event_status,
       o.ladder_rank,
       o.expected_status,
       o.event_date,
       o.outlet,
       a.title,
       a.canonical_url as url,
       o.sentence,
       o.conflicts,
       o.previous_status,
       -- the first report of a stage beyond every earlier report of this deal (or its first cancellation)
       case when o.status = 'cancelled' then not coalesce(o.cancelled_before, false)
            when o.ladder_rank is null then false
            else o.ladder_rank > coalesce(o.furthest_rank_before, 0) end as advanced,
       o.quantity,
       o.value_usd,
       o.article_id,
       o.mention_id
from ordered o
join deals d on d.deal_id = o.deal_id
join articles a on a.article_id = o.article_id
left join v_deal_ladder dl on dl.status = d.status;
comment on view v_deals_timeline is
    'grain: one row per deal_event of an article''s current version, joined to its deal; advanced = first report of a stage beyond all earlier reports';

-- one row per trade-figure mention in an article's current version; targets and actuals side by side, never summed
create view v_trade_figures as
select m.mention_id,
       a.article_id,
       case when m.is_target then 'target' else 'actual' end as kind,
       m.year,
       m.metric,
       coalesce(m.fields ->> 'figure_text', m.amount::text || ' ' || coalesce(m.currency, '')) as stated,
       m.amount,
       m.currency,
       m.amount_usd,
       round(m.amount_usd / 1e9, 2) as usd_bn,
       coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                (a.fetched_at at time zone 'UTC')::date) as day,
       a.source_name as outlet,
       a.title,
       a.canonical_url as url,
       m.sentence,
       a.relevant
from mentions m
join articles a on a.article_id = m.article_id and m.article_version = a.version
where m.type = 'trade_figure';
comment on view v_trade_figures is
    'grain: one row per trade-figure mention of an article''s current version; kind is target or actual, never mixed';

-- one row per publisher-local day and event type with at least one mention
create view v_daily_counts as
with dated as (
    select a.article_id,
           a.version,
           a.relevant,
           coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                    (a.fetched_at at time zone 'UTC')::date) as day
    from articles a
), published as (
    select day, count(*) as articles_published from dated group by day
)
select d.day,
       m.type,
       count(*) as mentions,
       count(distinct d.article_id) as articles,
       count(distinct d.article_id) filter (where d.relevant) as relevant_articles,
       p.articles_published
from mentions m
join dated d on d.article_id = m.article_id and m.article_version = d.version
join published p on p.day = d.day
group by d.day, m.type, p.articles_published;
comment on view v_daily_counts is
    'grain: one row per publisher-local day and event type (current versions): mentions, articles carrying them, relevant ones; articles_published = all articles of that day';

-- one row per registered source: its last crawl, the last 7 days of crawling, and the articles it gave
create view v_source_health as
with runs as (
    -- a run without source_id (an ad hoc feed URL) belongs to the source of that name
    select coalesce(r.source_id, by_name.source_id) as source_id, r.crawl_run_id, r.started_at, r.finished_at,
           r.status, r.requests, r.articles_kept, r.articles_dropped, r.drop_reasons, r.errors
    from crawl_runs r
    left join sources by_name on r.source_id is null and by_name.name = r.source_name
), last_run as (
    select distinct on (source_id) source_id, started_at, finished_at, status
    from runs
    where source_id is not null
    order by source_id, started_at desc, crawl_run_id desc
), recent_runs as (
    select * from runs where started_at >= now() - interval '7 days'
), week as (
    select source_id,
           count(*) as crawls_7d,
           count(*) filter (where status = 'failed') as failed_crawls_7d,
           sum(requests) as requests_7d,
           sum(articles_kept) as kept_7d,
           sum(articles_dropped) as dropped_7d
    from recent_runs
    group by source_id
), counters as (
    select r.source_id, 'drop' as kind, c.key, sum((c.value #>> '{}')::numeric) as n
    from recent_runs r, jsonb_each(r.drop_reasons) c
    where jsonb_typeof(c.value) = 'number'
    group by r.source_id, c.key
    union all
    select r.source_id, 'error', c.key, sum((c.value #>> '{}')::numeric)
    from recent_runs r, jsonb_each(r.errors) c
    where jsonb_typeof(c.value) = 'number'
    group by r.source_id, c.key
), ranked as (
    select counters.*, row_number() over (partition by source_id, kind order by n desc, key) as rn
    from counters
), tops as (
    select source_id,
           string_agg(key || '=' || n, ', ' order by n desc, key) filter (where kind = 'drop') as top_drop_reasons_7d,
           string_agg(key || '=' || n, ', ' order by n desc, key) filter (where kind = 'error') as top_errors_7d
    from ranked
    where rn <= 3
    group by source_id
), stored as (
    select coalesce(a.source_id, by_name.source_id) as source_id,
           count(*) as articles_stored,
           max(coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                        (a.fetched_at at time zone 'UTC')::date)) as newest_article_day
    from articles a
    left join sources by_name on a.source_id is null and by_name.name = a.source_name
    group by 1
)
select s.source_id,
       s.name as source_name,
       s.kind,
       s.tier,
       s.enabled,
       l.started_at as last_crawl_started_at,
       l.finished_at as last_crawl_finished_at,
       l.status as last_crawl_status,
       coalesce(w.crawls_7d, 0) as crawls_7d,
       coalesce(w.failed_crawls_7d, 0) as failed_crawls_7d,
       coalesce(w.requests_7d, 0) as requests_7d,
       coalesce(w.kept_7d, 0) as kept_7d,
       coalesce(w.dropped_7d, 0) as dropped_7d,
       t.top_drop_reasons_7d,
       t.top_errors_7d,
       coalesce(st.articles_stored, 0) as articles_stored,
       st.newest_article_day,
       current_date - st.newest_article_day as days_since_newest_article
from sources s
left join last_run l on l.source_id = s.source_id
left join week w on w.source_id = s.source_id
left join tops t on t.source_id = s.source_id
left join stored st on st.source_id = s.source_id;
comment on view v_source_health is
    'grain: one row per registered source: last crawl, totals and top 3 drop reasons / errors over the last 7 days, articles stored and the newest one''s day';

grant select on v_deal_ladder to irwatch_reader;
grant select on v_caatsa_mentions to irwatch_reader;
grant select on v_sanctions to irwatch_reader;
grant select on v_deals_timeline to irwatch_reader;
grant select on v_trade_figures to irwatch_reader;
grant select on v_daily_counts to irwatch_reader;
grant select on v_source_health to irwatch_reader;

-- 0004's default privileges hand the loader insert/update/delete on every new relation; views are read-only
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'irwatch_loader') then
        revoke insert, update, delete on v_deal_ladder, v_caatsa_mentions, v_sanctions, v_deals_timeline,
            v_trade_figures, v_daily_counts, v_source_health from irwatch_loader;
    end if;
end
$$;
