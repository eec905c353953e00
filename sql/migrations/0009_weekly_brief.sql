-- The weekly brief: every article with the day and story the brief counts it under, and a record of each
-- brief emailed, so a rerun of the Monday send (or `irwatch report --send`) mails no one twice.

-- one row per article: its day (the rule of 0005's views), its story, outlet and the outlet's tier.
-- An article the cluster stage has not reached yet is its own story (story_key = -article_id), so counting
-- distinct stories never folds unclustered articles together.
create view v_article_days as
select a.article_id,
       a.version,
       coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                (a.fetched_at at time zone 'UTC')::date) as day,
       a.story_id,
       coalesce(a.story_id, -a.article_id) as story_key,
       a.source_name as outlet,
       src.tier,
       a.title,
       a.canonical_url as url,
       a.relevant
from articles a
left join sources src on src.source_id = a.source_id;
comment on view v_article_days is
    'grain: one row per article: its day (publisher-local, else UTC published, else UTC fetched), story (story_key = -article_id when unclustered), outlet and tier';

-- one row per (period, recipient) the brief was or is being emailed to; period is an ISO week ('2026-W48')
-- or a day range ('2026-11-01..2026-11-30'). A row is claimed ('sending') and committed before the SMTP
-- conversation and marked 'sent' after it; 'failed' rows are tried again by the next send.
create table briefs_sent (
    period       text not null,
    recipient    text not null,
    message_id   text not null,
    status       text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
    attempts     integer not null default 0,
    claimed_at   timestamptz,
    sent_at      timestamptz,
    last_error   text,
    smtp_reply   text,
    created_at   timestamptz not null default now(),
    primary key (period, recipient)
);

grant select on v_article_days to irwatch_reader;
-- like alerts.recipients, who receives the brief is not the analysts' to read
revoke select on briefs_sent from irwatch_reader;
grant select (period, message_id, status, attempts, claimed_at, sent_at, last_error, smtp_reply, created_at)
    on briefs_sent to irwatch_reader;

-- 0004's default privileges hand the loader insert/update/delete on every new relation; views are read-only
do $$
begin
    if exists (select 1 from pg_roles where rolname = 'irwatch_loader') then
        revoke insert, update, delete on v_article_days from irwatch_loader;
    end if;
end
$$;
