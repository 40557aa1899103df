-- The facts khabar extracted, as indexed PostgreSQL tables: the comparison system of
-- benches/run.sh. One index per typed query, shaped like khabar's own sled index (key prefix,
-- then date newest first, then id), so both systems answer each query by an index walk.
-- Dates are sortable yyyymmdd integers, a month-only date sorting as its 1st (khabar's rule).
DROP TABLE IF EXISTS entities, entity_names, articles, article_entities, quotes, meetings,
  meeting_participants, bench_speakers, bench_participants, bench_months, bench_articles;

CREATE TABLE entities (
  id text PRIMARY KEY,
  kind text NOT NULL,
  name text NOT NULL,
  latin_name text,
  aliases jsonb NOT NULL,
  roles jsonb NOT NULL,
  quote_count bigint NOT NULL,
  meeting_count bigint NOT NULL,
  article_count bigint NOT NULL
);
-- every name an entity is known by (canonical, Latin, aliases): the speaker/participant lookup
CREATE TABLE entity_names (
  name text NOT NULL,
  entity_id text NOT NULL
);

CREATE TABLE articles (
  id text PRIMARY KEY,
  title text NOT NULL,
  text text NOT NULL,
  published integer NOT NULL,
  outlet text NOT NULL,
  source_url text NOT NULL,
  credited_source text NOT NULL,
  summary jsonb NOT NULL
);
CREATE TABLE article_entities (
  article_id text NOT NULL,
  entity_id text NOT NULL
);

CREATE TABLE quotes (
  id text PRIMARY KEY,
  article_id text NOT NULL,
  speaker_id text,
  speaker_mention text NOT NULL,
  speaker_role text NOT NULL,
  text text NOT NULL,
  kind text NOT NULL,
  verb text NOT NULL,
  verb_lemma text NOT NULL,
  date integer NOT NULL,
  date_precision text NOT NULL,
  span_start integer NOT NULL,
  span_end integer NOT NULL,
  confidence real NOT NULL
);

CREATE TABLE meetings (
  id text PRIMARY KEY,
  article_id text NOT NULL,
  place_id text,
  date integer NOT NULL,
  date_precision text NOT NULL,
  status text NOT NULL,
  kind text NOT NULL,
  evidence text NOT NULL,
  span_start integer NOT NULL,
  span_end integer NOT NULL,
  confidence real NOT NULL
);
CREATE TABLE meeting_participants (
  meeting_id text NOT NULL,
  entity_id text NOT NULL,
  date integer NOT NULL
);

-- the parameters khabar bench drew (--params-out), numbered from 1 for pgbench's random()
CREATE TABLE bench_speakers (i serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE bench_participants (i serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE bench_months (i serial PRIMARY KEY, d_from integer NOT NULL, d_to integer NOT NULL);
CREATE TABLE bench_articles (i serial PRIMARY KEY, id text NOT NULL);
