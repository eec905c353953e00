-- Backfill chunks, source-health thresholds and alarms, and the once-a-day upkeep notices of the
-- irwatch_backfill and irwatch_maintenance DAGs. (0009 is the weekly brief's.)

-- grain: one row per (source, date window) a backfill has crawled or tried to; a finished chunk is not
-- crawled again by a resumed or repeated backfill unless it is forced.
create table backfill_chunks (
    source_name   text not null,
    chunk_start   date not null,
    chunk_end     date not null,           -- exclusive: the chunk is [chunk_start, chunk_end)
    status        text not null default 'running' check (status in ('running', 'finished', 'failed')),
    attempts      integer not null default 0,
    crawl_run_ids bigint[] not null default '{}',
    new_articles  integer not null default 0,
    error         text,
    started_at    timestamptz not null default now(),
    finished_at   timestamptz,
    primary key (source_name, chunk_start, chunk_end),
    check (chunk_end > chunk_start)
);
comment on table backfill_chunks is
    'grain: one row per source and date window [chunk_start, chunk_end) that a backfill crawled or tried to';

-- grain: one row (the thresholds in force); operators change them with an update, no deploy needed
create table source_health_thresholds (
    singleton            boolean primary key default true check (singleton),
    max_days_without_new integer not null default 3 check (max_days_without_new > 0),
    max_error_rate       numeric not null default 0.5 check (max_error_rate > 0 and max_error_rate <= 1),
    min_crawls           integer not null default 3 check (min_crawls > 0)
);
insert into source_health_thresholds default values;
comment on table source_health_thresholds is
    'grain: one row: when an enabled source counts as unhealthy in v_source_alarms';

-- grain: one row per enabled source that breaks a threshold today: no new article for too long, or too many
-- of its crawls over the last 7 days failed (process died, timed out, or the feed itself could not be fetched)
create view v_source_alarms as
with t as (
    select * from source_health_thresholds
), recent as (
    select coalesce(r.source_id, s.source_id) as source_id,
           count(*) as crawls_7d,
           count(*) filter (where r.status = 'failed'
                            or coalesce((r.stats ->> 'irwatch/index_failed')::int, 0) > 0) as failed_7d
      from crawl_runs r
      left join sources s on r.source_id is null and s.name = r.source_name
     where r.started_at >= now() - interval '7 days'
     group by 1
), newest as (
    select coalesce(a.source_id, s.source_id) as source_id, max(a.fetched_at) as newest_fetched_at
      from articles a
      left join sources s on a.source_id is null and s.name = a.source_name
     group by 1
)
select s.source_id, s.name as source_name, s.url, s.tier,
       n.newest_fetched_at,
       coalesce(r.crawls_7d, 0) as crawls_7d,
       coalesce(r.failed_7d, 0) as failed_crawls_7d,
       round(coalesce(r.failed_7d, 0)::numeric / nullif(r.crawls_7d, 0), 3) as error_rate_7d,
       case
           when coalesce(r.crawls_7d, 0) >= t.min_crawls
                and r.failed_7d::numeric / r.crawls_7d > t.max_error_rate then 'error rate'
           when n.newest_fetched_at is null and coalesce(r.crawls_7d, 0) >= t.min_crawls then 'nothing stored'
           when n.newest_fetched_at < now() - make_interval(days => t.max_days_without_new) then 'no new articles'
       end as problem
  from sources s
  cross join t
  left join recent r on r.source_id = s.source_id
  left join newest n on n.source_id = s.source_id
 where s.enabled
   and (
        (coalesce(r.crawls_7d, 0) >= t.min_crawls and r.failed_7d::numeric / r.crawls_7d > t.max_error_rate)
     or (n.newest_fetched_at is null and coalesce(r.crawls_7d, 0) >= t.min_crawls)
     or n.newest_fetched_at < now() - make_interval(days => t.max_days_without_new)
   );
comment on view v_source_alarms is
    'grain: one row per enabled source that is unhealthy now (thresholds in source_health_thresholds)';

-- grain: one row per upkeep notice sent (kind, day): the maintenance DAG mails each kind at most once a day,
-- so a retried or re-run task does not mail the operator twice
create table upkeep_notices (
    kind       text not null,
    day        date not null,
    recipients text[] not null,
    subject    text not null,
    sent_at    timestamptz,
    primary key (kind, day)
);
comment on table upkeep_notices is 'grain: one row per upkeep email kind and day';

grant select on backfill_chunks, source_health_thresholds, v_source_alarms to irwatch_reader;
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'irwatch_loader') then
        revoke insert, update, delete on v_source_alarms from irwatch_loader;
    end if;
end
$$;
