-- Stories (an article and its syndicated or lightly edited copies), alert rules as data, and an outbox
-- that alerts once per story: updates in the story's thread, retries with backoff, the server's reply kept.

-- one row per story: the earliest article and every copy of it found since (articles.story_id)
create table stories (
    story_id            bigserial primary key,
    first_article_id    bigint references articles (article_id) on delete set null,
    title               text,
    first_published_at  timestamptz,
    articles            integer not null default 1,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
alter table articles add column story_id bigint references stories (story_id) on delete set null;
alter table articles add column story_score real;   -- how closely it matched its story's article (1 = itself)
create index articles_story_idx on articles (story_id);
create index articles_unclustered_idx on articles (article_id) where story_id is null;

-- one row per article: the near-duplicate signature of its current version (irwatch/stories/signature.py)
create table article_signatures (
    article_id       bigint primary key references articles (article_id) on delete cascade,
    article_version  integer not null,
    minhash          bigint[] not null,
    signature_version text not null,
    signed_at        timestamptz not null default now()
);

-- one row per (LSH bucket, article): candidate copies are the articles sharing a bucket (a bucket key
-- already carries its band, so the key alone finds them)
create table story_bands (
    bucket      bigint not null,
    article_id  bigint not null references articles (article_id) on delete cascade,
    band        smallint not null,
    primary key (bucket, article_id)
);
create index story_bands_article_idx on story_bands (article_id);

-- one row per alert rule: loaded from alert_rules.yaml (source 'yaml') and editable by SQL (source 'sql')
create table alert_rules (
    rule          text primary key,
    description   text not null default '',
    event_type    text not null check (event_type in ('sanction', 'deal', 'trade_figure')),
    -- regime, statuses, systems, targets, caatsa, min_relevance, tiers, party_kinds: see alert_rules.yaml
    filters       jsonb not null default '{}'::jsonb,
    recipients    text[] not null default '{}',
    mode          text not null default 'immediate' check (mode in ('immediate', 'digest')),
    digest_hour   smallint check (digest_hour between 0 and 23),
    digest_tz     text not null default 'Asia/Kolkata',
    max_age_days  integer not null default 3,      -- older stories (backfill) alert only with --alert-old
    enabled       boolean not null default true,
    source        text not null default 'sql' check (source in ('yaml', 'sql')),
    updated_at    timestamptz not null default now(),
    check (mode <> 'digest' or digest_hour is not null)
);

-- the outbox, now one row per (rule, story, development) or per digest
alter table alerts add column story_id bigint references stories (story_id) on delete set null;
alter table alerts add column kind text not null default 'new' check (kind in ('new', 'update', 'digest'));
alter table alerts add column development text;          -- e.g. 'imposed', the status this alert reports
alter table alerts add column thread_message_id text;    -- Message-ID of the story's first email (In-Reply-To)
alter table alerts add column payload jsonb not null default '{}'::jsonb;   -- digest: its stories
alter table alerts add column next_attempt_at timestamptz not null default now();
alter table alerts add column smtp_reply text;           -- what the server answered to DATA
create index alerts_story_idx on alerts (story_id);

-- one row per (rule, mention) judged: what the alert stage decided, so each mention is judged once per rule
create table alert_mentions (
    rule        text not null,
    mention_id  bigint not null references mentions (mention_id) on delete cascade,
    alert_id    bigint references alerts (alert_id) on delete set null,
    outcome     text not null check (outcome in ('alerted', 'update', 'covered', 'copy', 'old', 'filtered',
                                                 'digest')),
    judged_at   timestamptz not null default now(),
    primary key (rule, mention_id)
);
create index alert_mentions_alert_idx on alert_mentions (alert_id);
create index alerts_mention_idx on alerts (mention_id);
comment on column alerts.status is 'pending -> sending -> sent | failed (after max attempts); suppressed: judged before stories existed';

grant select on stories, article_signatures, story_bands, alert_rules, alert_mentions to irwatch_reader;
-- the reader sees which rules exist, not who receives them
revoke select on alert_rules from irwatch_reader;
grant select (rule, description, event_type, filters, mode, digest_hour, digest_tz, max_age_days, enabled, source,
              updated_at) on alert_rules to irwatch_reader;
grant select (story_id, kind, development, thread_message_id, payload, next_attempt_at, smtp_reply)
    on alerts to irwatch_reader;

-- one row per copy of a story: which outlet carried it and when
create view v_story_copies as
select s.story_id, s.title as story_title, a.article_id, a.source_name as outlet, src.tier,
       a.published_at, a.published_offset_minutes, a.canonical_url as url, a.story_score,
       a.article_id = s.first_article_id as is_first
  from stories s
  join articles a on a.story_id = s.story_id
  left join sources src on src.source_id = a.source_id;
comment on view v_story_copies is 'grain: one row per article in a story (the first report and each copy)';
grant select on v_story_copies to irwatch_reader;
