# Renders benches/run.sh's summary (one JSON object per step) as the Markdown report.
# Arguments (jq --arg): clients, duration, streams, machine, pg, rev.
  def f0: . * 1 | round | tostring;
  def f2: (. * 100 | round) / 100 | tostring;
  def mib: . / 1048576 | round | tostring + " MiB";
  def pg(f): if . == null then "–" else f end;
  def ratio(a; b): if b > 0 then (a / b) | f2 else "–" end;
  "# khabar performance, side by side\n",
  "Machine: \($machine); commit \($rev); PostgreSQL \($pg). Every process on the same machine,",
  "loopback TCP; \($clients) concurrent clients, each one connection with one request in flight,",
  "\($duration) s per call after a warm-up; list calls ask for a page of 20. The ceiling is the",
  "gRPC health check (khabar) and `SELECT 1` (PostgreSQL): the same round trip with no work.",
  "Rows: mean items per answer (the same parameters; PostgreSQL matches names exactly, khabar",
  "also by normalised and family name). KB per answer: khabar's mean answer, protobuf-encoded.",
  "Errors: failed requests (khabar) / transactions (PostgreSQL).",
  "PostgreSQL latencies come from pgbench's per-transaction log, whose clock is read lazily per",
  "thread: its sub-millisecond percentiles (`SELECT 1`) are too low; its per-second figure holds.",
  "The load generators share the 2 cores with the servers (`khabar bench` is a tonic client, pgbench",
  "is C), so the ceilings differ: compare each system with its own ceiling as well as each other.\n",
  (.[] |
    "## \(.articles) articles (step `\(.step)`)\n",
    "| call | khabar per s | p50 ms | p90 ms | p99 ms | max ms | errors | rows | KB per answer | PostgreSQL per s | PG p50 ms | PG p99 ms | PG rows | khabar ÷ ceiling | khabar ÷ PostgreSQL |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    (. as $s | ($s.khabar | map(select(.rpc == "health")) | .[0].qps // 0) as $ceiling |
      $s.khabar[] | . as $k | ($s.pg | map(select(.rpc == $k.rpc)) | .[0]) as $p |
      "| \($k.rpc) | \($k.qps | f0) | \($k.p50_ms | f2) | \($k.p90_ms | f2) | \($k.p99_ms | f2) | \($k.max_ms | f2) | \($k.errors) | \($k.rows_per_call // 0 | f2) | \($k.kb_per_call // null | pg(f2)) | \($p.qps | pg(f0)) | \($p.p50_ms | pg(f2)) | \($p.p99_ms | pg(f2)) | \($p.rows_per_call | pg(f2)) | \(ratio($k.qps; $ceiling)) | \(ratio($k.qps; $p.qps // 0)) |"),
    "",
    "Ingest over the streaming RPC (\(.ingest.clients) streams, each article durable before its answer): \(.ingest.requests) articles, \(.ingest.errors) failed, \(.ingest.qps | f0) articles/s, \(.ingest.mb_per_s | f2) MB/s of text.",
    (if (.pg | length) > 0
     then "PostgreSQL load of the exported facts (COPY + INSERT … SELECT + indexes): \(.pg_load_s | f2) s.\n"
     else "PostgreSQL left out of this step (PG=0).\n" end)
  ),
  "## Growth\n",
  "| step | articles | ingest articles/s | raw text | khabar on disk | disk ÷ raw | PostgreSQL on disk | RSS after ingest (peak) | RSS serving | stop after ingest s | open + first query s | " +
    (.[0].khabar | map(select(.rpc != "health") | "\(.rpc) p50 ms") | join(" | ")) + " |",
  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|" + (.[0].khabar | map(select(.rpc != "health") | "--:|") | join("")),
  (.[] | "| \(.step) | \(.articles) | \(.ingest.qps | f0) | \(.raw | mib) | \(.disk | mib) | \(ratio(.disk; .raw)) | \(if .pg_bytes > 0 then .pg_bytes | mib else "–" end) | \(.rss_ingest) MiB (\(.peak_ingest) MiB) | \(.rss_query) MiB | \(if .stop_s then .stop_s | f2 else "–" end) | \(.open_s | f2) | " +
    (.khabar | map(select(.rpc != "health") | .p50_ms | f2) | join(" | ")) + " |")
