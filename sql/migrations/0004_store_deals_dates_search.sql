-- The analysts' store: publisher-local dates, full-text search, a deals register with its timeline,
-- quarantined rows, and a least-privilege loader role. Grains are stated on each table.

-- Publication dates as the publisher states them: published_at stays the UTC instant; these keep the
-- offset the page gave (+05:30 for an IST timestamp) and the day on the publisher's own calendar, which
-- is the day an analyst means by "published on". Null offset: the page gave a date without a time zone.
alter table articles add column published_offset_minutes smallint
    check (published_offset_minutes between -720 and 840);
alter table articles add column published_local_date date;
comment on column articles.published_offset_minutes is 'UTC offset the publisher stated for published_at, in minutes (330 = +05:30); null when the page gave none';
comment on column articles.published_local_date is 'publication day on the publisher''s own calendar (not the UTC day)';
create index articles_local_date_idx on articles (published_local_date);

-- Search: title weighted above body; the text a dictionary can stem is capped so a huge page cannot
-- overflow tsvector's 1 MB limit (the full text stays in articles.text).
alter table articles add column search tsvector generated always as (
    setweight(to_tsvector(case coalesce(language, 'en') when 'en' then 'english'::regconfig
                                        when 'ru' then 'russian'::regconfig else 'simple'::regconfig end,
                          coalesce(title, '')), 'A')
    || setweight(to_tsvector(case coalesce(language, 'en') when 'en' then 'english'::regconfig
                                           when 'ru' then 'russian'::regconfig else 'simple'::regconfig end,
                             left(text, 200000)), 'B')
) stored;
create index articles_search_idx on articles using gin (search);

-- one row per real-world deal or programme: a system bought from a counterparty under one contract
-- (deal_key = system | counterparty | programme, e.g. 'S-400|Russia|2018'); the matching rule is in
-- irwatch/store/deals.py and sql/README.md
create table deals (
    deal_id              bigserial primary key,
    deal_key             text not null unique,
    system               text not null,
    counterparty         text,
    programme            text,            -- contract year ('2018') or 'unspecified'
    first_reported       date,
    first_article_id     bigint references articles (article_id) on delete set null,
    contract_value_usd   numeric,
    quantity             numeric,
    status               text,            -- furthest stage along the ladder the evidence reached
    status_since         date,            -- the earliest report of that stage
    events               integer not null default 0,
    conflicting_events   integer not null default 0,
    updated_at           timestamptz not null default now()
);
create index deals_system_idx on deals (system);

-- one row per reported status of a deal in one article version (one deal mention); re-tagging an article
-- replaces its events; a report that contradicts the deal's stage is kept (conflicts = true), never merged away
create table deal_events (
    deal_event_id    bigserial primary key,
    deal_id          bigint not null references deals (deal_id) on delete cascade,
    mention_id       bigint references mentions (mention_id) on delete set null,
    article_id       bigint not null references articles (article_id) on delete cascade,
    article_version  integer not null,
    status           text not null,
    expected_status  text,
    event_date       date,            -- the article's publisher-local day (fetch day when it has none)
    outlet           text not null,
    sentence         text not null,
    start_char       integer not null,
    quantity         numeric,
    value_usd        numeric,
    conflicts        boolean not null default false,
    created_at       timestamptz not null default now(),
    unique (article_id, article_version, deal_id, status, start_char)
);
create index deal_events_deal_idx on deal_events (deal_id, event_date);

-- one row per input row the store refused (NUL bytes it could not clean, unparseable values, ...):
-- the batch goes on, the row waits here with its reason and its payload (JSON, non-ASCII escaped)
create table rejected_rows (
    rejected_row_id  bigserial primary key,
    target_table     text not null,
    reason           text not null,
    payload          text not null,
    crawl_run_id     bigint references crawl_runs (crawl_run_id) on delete set null,
    rejected_at      timestamptz not null default now()
);

-- the analysts' role sees everything but who receives the alerts
revoke select on alerts from irwatch_reader;
grant select (alert_id, rule, dedup_key, mention_id, article_id, headline, sentence, url, status, duplicate_of,
              attempts, last_error, message_id, created_at, claimed_at, sent_at) on alerts to irwatch_reader;
grant select on deals, deal_events, rejected_rows to irwatch_reader;

-- A loader role that can read and write rows but not change the schema, for stages run by an operator who
-- wants them to hold no more than that. Roles are cluster-wide: create it only where this user may.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'irwatch_loader') then
        if exists (select 1 from pg_roles where rolname = current_user and (rolsuper or rolcreaterole)) then
            create role irwatch_loader login nosuperuser nocreatedb nocreaterole;
        else
            raise notice 'irwatch_loader not created: % may not create roles', current_user;
        end if;
    end if;
    if exists (select 1 from pg_roles where rolname = 'irwatch_loader') then
        execute 'grant usage on schema public to irwatch_loader';
        execute 'grant select, insert, update, delete on all tables in schema public to irwatch_loader';
        execute 'grant usage, select on all sequences in schema public to irwatch_loader';
        execute 'alter default privileges in schema public grant select, insert, update, delete on tables to irwatch_loader';
        execute 'alter default privileges in schema public grant usage, select on sequences to irwatch_loader';
        execute 'revoke insert, update, delete on schema_migrations from irwatch_loader';
    end if;
end
$$;
