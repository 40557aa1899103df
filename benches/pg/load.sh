#!/usr/bin/env bash
# Loads khabar's exported facts into PostgreSQL (the database psql reaches through the PG*
# environment variables): schema, staged JSON lines, typed tables, indexes, bench parameters.
#
#   benches/pg/load.sh EXPORT_DIR PARAMS_DIR
#
# EXPORT_DIR holds entities.jsonl, articles.jsonl, quotes.jsonl, meetings.jsonl as written by
# `khabar --json entities|articles|quotes|meetings --limit 0`; PARAMS_DIR is what
# `khabar bench --params-out` wrote (speakers.txt, participants.txt, months.txt, articles.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export_dir=$1
params_dir=$2
psql=(psql -X -q -v ON_ERROR_STOP=1)

"${psql[@]}" -f "$here/schema.sql"
# One JSON document per line into a jsonb column: CSV with quote and delimiter bytes that JSON
# never holds unescaped (control characters are always \u-escaped in JSON strings).
for kind in entities articles quotes meetings; do
  "${psql[@]}" -c "CREATE TABLE st_$kind (doc jsonb)"
  "${psql[@]}" -c "COPY st_$kind FROM STDIN WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')" \
    < "$export_dir/$kind.jsonl"
done
"${psql[@]}" -f "$here/load.sql"
"${psql[@]}" -f "$here/indexes.sql"

# text format: escape backslashes; names hold no tabs or line breaks (bench wrote one per line)
for list in speakers participants articles; do
  column=name
  [ "$list" = articles ] && column=id
  sed 's/\\/\\\\/g' "$params_dir/$list.txt" |
    "${psql[@]}" -c "COPY bench_$list ($column) FROM STDIN"
done
"${psql[@]}" -c "COPY bench_months (d_from, d_to) FROM STDIN" < "$params_dir/months.txt"
"${psql[@]}" -c "ANALYZE"
