-- Moves the staged JSON lines (khabar's --json output, protobuf's canonical JSON) into the typed
-- tables of schema.sql. Staging tables: st_entities, st_articles, st_quotes, st_meetings (doc jsonb).
-- A date {year, month, day} (absent fields are 0) becomes its sortable yyyymmdd (see schema.sql).
CREATE OR REPLACE FUNCTION pg_temp.day(d jsonb) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN coalesce((d->>'year')::int, 0) <= 0 THEN 0
    ELSE (d->>'year')::int * 10000 + greatest(coalesce((d->>'month')::int, 0), 1) * 100
       + greatest(coalesce((d->>'day')::int, 0), 1) END
$$;

INSERT INTO entities
SELECT doc->>'id', coalesce(doc->>'kind', ''), coalesce(doc->>'name', ''), doc->>'latinName',
       coalesce(doc->'aliases', '[]'), coalesce(doc->'roles', '[]'),
       coalesce((doc->>'quoteCount')::bigint, 0), coalesce((doc->>'meetingCount')::bigint, 0),
       coalesce((doc->>'articleCount')::bigint, 0)
FROM st_entities;

INSERT INTO entity_names
SELECT DISTINCT n, id FROM (
  SELECT id, name AS n FROM entities
  UNION ALL SELECT id, latin_name FROM entities WHERE coalesce(latin_name, '') <> ''
  UNION ALL SELECT e.id, a->>'name' FROM entities e, jsonb_array_elements(e.aliases) a
) names WHERE coalesce(n, '') <> '';

INSERT INTO articles
SELECT doc->>'id', coalesce(doc->>'title', ''), coalesce(doc->>'text', ''),
       pg_temp.day(doc->'published'), coalesce(doc->>'outlet', ''),
       coalesce(doc->>'sourceUrl', ''), coalesce(doc->>'creditedSource', ''),
       coalesce(doc->'summary', '{}')
FROM st_articles;

INSERT INTO article_entities
SELECT DISTINCT doc->>'id', e->>'id'
FROM st_articles, jsonb_array_elements(coalesce(doc->'entities', '[]')) e;

INSERT INTO quotes
SELECT doc->>'id', doc->>'articleId', doc->'speaker'->>'id',
       coalesce(doc->>'speakerMention', ''), coalesce(doc->>'speakerRole', ''),
       coalesce(doc->>'text', ''), coalesce(doc->>'kind', ''), coalesce(doc->>'verb', ''),
       coalesce(doc->>'verbLemma', ''), pg_temp.day(doc->'date'),
       coalesce(doc->>'datePrecision', ''), coalesce((doc->>'start')::int, 0),
       coalesce((doc->>'end')::int, 0), coalesce((doc->>'confidence')::real, 0)
FROM st_quotes;

INSERT INTO meetings
SELECT doc->>'id', doc->>'articleId', doc->'place'->>'id', pg_temp.day(doc->'date'),
       coalesce(doc->>'datePrecision', ''), coalesce(doc->>'status', ''),
       coalesce(doc->>'kind', ''), coalesce(doc->>'evidence', ''),
       coalesce((doc->>'start')::int, 0), coalesce((doc->>'end')::int, 0),
       coalesce((doc->>'confidence')::real, 0)
FROM st_meetings;

INSERT INTO meeting_participants
SELECT DISTINCT doc->>'id', p->>'id', pg_temp.day(doc->'date')
FROM st_meetings, jsonb_array_elements(coalesce(doc->'participants', '[]')) p;

DROP TABLE st_entities, st_articles, st_quotes, st_meetings;
