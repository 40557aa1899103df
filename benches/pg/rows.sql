-- Mean rows per answer of each benchmark query over all its parameters: the figure khabar bench
-- prints as rows_per_call, to check both systems find the same amount of facts.
SELECT 'quotes-by-speaker', round(avg(c), 2) FROM bench_speakers s, LATERAL (
  SELECT count(*) c FROM (SELECT 1 FROM quotes q WHERE q.speaker_id IN (
    SELECT entity_id FROM entity_names WHERE name = s.name) LIMIT 20) x) y
UNION ALL
SELECT 'meetings-by-month', round(avg(c), 2) FROM bench_months b, LATERAL (
  SELECT count(*) c FROM (SELECT 1 FROM meetings m
    WHERE m.date BETWEEN b.d_from AND b.d_to LIMIT 20) x) y
UNION ALL
SELECT 'meetings-by-participant', round(avg(c), 2) FROM bench_participants b, LATERAL (
  SELECT count(*) c FROM (SELECT DISTINCT mp.meeting_id FROM meeting_participants mp
    WHERE mp.entity_id IN (SELECT entity_id FROM entity_names WHERE name = b.name) LIMIT 20) x) y
UNION ALL
SELECT 'get-article', round(avg(c), 2) FROM bench_articles b, LATERAL (
  SELECT count(*) c FROM articles a WHERE a.id = b.id) y;
