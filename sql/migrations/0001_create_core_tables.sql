-- Core schema: sources, crawl runs, articles (+ versions), dropped URLs, mentions, alerts outbox.
-- Every stage reads its input from here and writes its output in one transaction.

-- one row per registered source (feed, sitemap or press-release listing)
create table sources (
    source_id      bigserial primary key,
    name           text not null unique,
    title          text,
    kind           text not null check (kind in ('feed', 'sitemap', 'listing')),
    url            text not null,
    homepage       text,
    tier           text check (tier in ('official', 'wire', 'media')),
    country        text,
    language       text not null default 'en',
    confirmed      boolean not null default false,
    enabled        boolean not null default true,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

-- one row per crawl of one source (or one ad hoc feed URL)
create table crawl_runs (
    crawl_run_id     bigserial primary key,
    source_id        bigint references sources (source_id),
    source_name      text not null,
    spider           text not null,
    started_at       timestamptz not null default now(),
    finished_at      timestamptz,
    status           text not null default 'running' check (status in ('running', 'finished', 'failed')),
    requests         integer not null default 0,
    articles_kept    integer not null default 0,
    articles_dropped integer not null default 0,
    drop_reasons     jsonb not null default '{}'::jsonb,
    errors           jsonb not null default '{}'::jsonb,
    stats            jsonb not null default '{}'::jsonb
);

-- one row per canonical URL; text and hashes are those of the latest version
create table articles (
    article_id     bigserial primary key,
    canonical_url  text not null unique,
    url            text not null,
    source_id      bigint references sources (source_id),
    source_name    text not null,
    title          text,
    published_at   timestamptz,
    modified_at    timestamptz,
    authors        text[] not null default '{}',
    language       text,
    text           text not null,
    html_sha256    text not null,
    text_sha256    text not null,
    http_status    integer,
    fetched_at     timestamptz not null,
    version        integer not null default 1,
    crawl_run_id   bigint references crawl_runs (crawl_run_id),
    tagged_version text,
    tagged_at      timestamptz,
    relevant       boolean,
    relevance      real,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index articles_untagged_idx on articles (article_id) where tagged_version is null;
create index articles_published_idx on articles (published_at);
-- the crawler asks "seen this URL before?" before every request
create index articles_url_idx on articles (url);

-- one row per stored version of an article (a new text hash makes a new version)
create table article_versions (
    article_id    bigint not null references articles (article_id) on delete cascade,
    version       integer not null,
    url           text not null,
    title         text,
    text          text not null,
    html_sha256   text not null,
    text_sha256   text not null,
    published_at  timestamptz,
    modified_at   timestamptz,
    fetched_at    timestamptz not null,
    crawl_run_id  bigint references crawl_runs (crawl_run_id),
    primary key (article_id, version)
);

-- one row per URL dropped at crawl time; remembered so it is not fetched again
create table dropped_urls (
    url           text primary key,
    canonical_url text,
    source_name   text not null,
    reason_code   text not null,
    reason        text not null,
    crawl_run_id  bigint references crawl_runs (crawl_run_id),
    dropped_at    timestamptz not null default now()
);
create index dropped_urls_canonical_url_idx on dropped_urls (canonical_url);

-- one row per fetched feed/sitemap URL: conditional GET state
create table feed_state (
    url            text primary key,
    etag           text,
    last_modified  text,
    last_status    integer,
    fetched_at     timestamptz not null default now()
);

-- one row per tagged event (deal, sanction, trade figure) in one article version
create table mentions (
    mention_id       bigserial primary key,
    article_id       bigint not null references articles (article_id) on delete cascade,
    article_version  integer not null,
    type             text not null check (type in ('deal', 'sanction', 'trade_figure')),
    sentence         text not null,
    start_char       integer not null,   -- the sentence: text[start_char:end_char] = sentence
    end_char         integer not null,
    mention_start    integer not null,   -- the words the event hangs on (system, regime, figure)
    mention_end      integer not null,
    status           text,
    -- deal
    system           text,
    quantity         numeric,
    value_usd        numeric,
    parties          text[],
    -- sanction
    regime           text,
    caatsa           boolean,
    imposer          text,
    target           text,
    -- trade figure
    amount           numeric,
    currency         text,
    amount_usd       numeric,
    metric           text,
    year             integer,
    is_target        boolean,
    fields           jsonb not null,
    pipeline_version text not null,
    created_at       timestamptz not null default now()
);
-- one event per mention and status ("exempted from the duty Washington imposed" is both waived and imposed)
create unique index mentions_event_key on mentions
    (article_id, article_version, type, mention_start, mention_end, (coalesce(status, '')));
create index mentions_type_idx on mentions (type);
create index mentions_caatsa_idx on mentions (article_id) where caatsa;

-- alerts outbox: one row per rule and development (dedup_key), whatever number of copies carry it
create table alerts (
    alert_id      bigserial primary key,
    rule          text not null,
    dedup_key     text not null,
    mention_id    bigint references mentions (mention_id) on delete set null,
    article_id    bigint not null references articles (article_id),
    headline      text not null,
    sentence      text not null,
    url           text not null,
    recipients    text[] not null,
    -- suppressed: a near copy of duplicate_of (syndicated text); kept so the mention is not judged again
    status        text not null default 'pending'
                  check (status in ('pending', 'sending', 'sent', 'failed', 'suppressed')),
    duplicate_of  bigint references alerts (alert_id),
    attempts      integer not null default 0,
    last_error    text,
    message_id    text not null,
    created_at    timestamptz not null default now(),
    claimed_at    timestamptz,
    sent_at       timestamptz,
    unique (rule, dedup_key)
);
create index alerts_pending_idx on alerts (alert_id) where status in ('pending', 'sending');
