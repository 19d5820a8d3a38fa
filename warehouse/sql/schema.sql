-- Warehouse tables. Column meanings are documented in README.md ("Tables").
-- No PRIMARY KEY constraints: a rerun replaces a post by delete + insert inside one
-- transaction, and the key rules are enforced by the queries in checks/ instead.
-- raw and body use ZSTD: DuckDB's default (dictionary/FSST) on these large texts was most of a
-- load's commit; with ZSTD, loading and committing these two tables for 20k posts took 0.66 CPU s
-- against 2.2, and the whole warehouse file 34 MB against 89 (measured).

create table if not exists raw_posts (
    post_id      varchar,     -- sha256 of source_path, first 16 hex digits
    source_path  varchar,     -- relative to the source folder, '/'-separated
    size_bytes   bigint,
    sha256       varchar,     -- of the file's bytes
    raw          blob using compression zstd,  -- the file's bytes as read; null only when unreadable or over max_raw_bytes
    status       varchar,     -- 'loaded' | 'rejected'
    file_mtime   timestamptz,
    run_id       varchar,
    ingest_date  date
);

create table if not exists articles (
    post_id        varchar,
    source_path    varchar,
    title          varchar,
    body           varchar using compression zstd,
    feed           varchar,
    feed_url       varchar,
    via            varchar,
    author         varchar,
    origin         varchar,
    published_date    date,         -- the day the site printed
    published_at      timestamp,    -- local wall-clock time as printed, when a time was printed
    published_tz      varchar,      -- the zone as printed ('ET'), when printed
    published_at_utc  timestamptz,  -- only when the printed zone makes the instant exact
    dateline_place    varchar,
    dateline_agency   varchar,
    comment_count  integer,
    encoding       varchar,
    word_count     integer,
    char_count     integer,
    quote_count    integer,
    link_count     integer,
    content_hash   varchar,
    sha256         varchar,
    repairs        varchar[],
    boilerplate    struct(rule varchar, place varchar, chars integer, line varchar)[],
    embeds         struct(kind varchar, text varchar, author varchar, handle varchar, date date, start_char integer, end_char integer)[],
    run_id         varchar,
    ingest_date    date
);

create table if not exists quotes (
    quote_id         varchar,
    post_id          varchar,
    part             varchar,   -- 'body' or 'title': which text the offsets point into
    quote            varchar,
    speaker          varchar,
    speaker_mention  varchar,
    speaker_role     varchar,
    speaker_type     varchar,   -- 'person', 'organisation', 'document', 'unknown'; null without a mention
    cue              varchar,
    start_char       integer,
    end_char         integer,
    context_start    integer,
    context_end      integer,
    kind             varchar,
    social_handle    varchar,
    social_date      varchar,
    run_id           varchar,
    ingest_date      date
);

create table if not exists links (
    link_id         varchar,
    post_id         varchar,
    url             varchar,
    url_normalized  varchar,
    host            varchar,
    domain          varchar,
    kind            varchar,
    is_shortlink    boolean,
    place           varchar,   -- 'body' (offsets into body), or 'header' / 'footer' / 'source' (removed furniture: offsets null)
    start_char      integer,
    end_char        integer,
    run_id          varchar,
    ingest_date     date
);

create table if not exists rejects (
    post_id      varchar,
    source_path  varchar,
    reason_code  varchar,
    reason       varchar,
    size_bytes   bigint,
    sha256       varchar,
    run_id       varchar,
    ingest_date  date
);

create table if not exists runs (
    run_id           varchar,
    flow             varchar,   -- 'ingest-posts' or 'reprocess-posts'; null for runs loaded before it was recorded
    flow_run_id      varchar,
    source           varchar,   -- the source folder the posts were read from (for a reprocess: their ingest runs' folders)
    started_at       timestamptz,
    finished_at      timestamptz,
    files_seen       bigint,
    files_loaded     bigint,
    files_unchanged  bigint,
    files_rejected   bigint,
    files_replaced   bigint,
    articles_added   bigint,
    quotes_added     bigint,
    links_added      bigint,
    ingest_date      date
);

-- Warehouses created before runs.flow existed get the column (null for their earlier runs).
alter table runs add column if not exists flow varchar;
-- Warehouses created before quotes.speaker_type existed get the column (null for their earlier rows;
-- `posts-etl reprocess` fills it).
alter table quotes add column if not exists speaker_type varchar;
