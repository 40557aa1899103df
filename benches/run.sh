#!/usr/bin/env bash
# The side-by-side run: khabar against its own gRPC ceiling (the health check) and against
# PostgreSQL answering the same typed queries over the same extracted facts, at growing store
# sizes. Writes a Markdown report (figures and ratios) to $OUT and prints it.
#
#   benches/run.sh [STEP...]        default steps: 4000 all
#
# A STEP is a number N (a fresh store holding the corpus's first N articles), `all` (a fresh store
# holding the whole corpus) or `xK` (grow the previous `all` store to K copies of the corpus, each
# copy's texts made distinct so ids differ: x10 is ~390k articles).
#
# Environment: KHABAR_CORPUS (default ../shared/corpus/corpus.jsonl.gz beside the repository),
# CLIENTS (32), DURATION (seconds per call, 10), STREAMS (ingest streams, 4), OUT (report path,
# default benches/results/run-<date>.md), PG=0 to leave PostgreSQL out (a big step's export
# alone is gigabytes), WORK (scratch folder, default a new temp dir, removed at
# the end unless KEEP=1), PG_PORT (54329), SKIP_BUILD=1 to use the binaries as they are,
# BIN_DIR (where they are, default target/release).
#
# Needs PostgreSQL server binaries (initdb, pg_ctl, pgbench): installed with
# `apt-get install -y postgresql` when missing. PostgreSQL refuses to run as root, so as root its
# throwaway cluster runs as the `postgres` user. Everything listens on 127.0.0.1 only.
set -euo pipefail

repo=${REPO:-$(cd "$(dirname "$0")/.." && pwd)}
corpus=${KHABAR_CORPUS:-$repo/../shared/corpus/corpus.jsonl.gz}
clients=${CLIENTS:-32}
duration=${DURATION:-10}
streams=${STREAMS:-4}
pg_port=${PG_PORT:-54329}
steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(4000 all)
mkdir -p "$repo/benches/results"
out=${OUT:-$repo/benches/results/run-$(date -u +%Y%m%dT%H%M%SZ).md}
work=${WORK:-$(mktemp -d /tmp/khabar-bench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
[ -r "$corpus" ] || die "no corpus at $corpus (set KHABAR_CORPUS)"
command -v jq >/dev/null || die "jq is needed to read khabar bench --json"

# --- binaries -------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  log "building release binaries"
  (cd "$repo" && cargo build --release --bins --quiet)
fi
# a private copy: others rebuilding target/release mid-run must not change what is measured
bin=$work/bin
mkdir -p "$bin"
cp "${BIN_DIR:-$repo/target/release}/khabar" "${BIN_DIR:-$repo/target/release}/khabar-server" "$bin/"
khabar() { "$bin/khabar" --server "$addr" "$@"; }

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  log "installing PostgreSQL from Debian packages"
  apt-get install -y postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')

# --- processes ------------------------------------------------------------------------------
server_pid=
pg_data=$work/pg/data
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -f "$pg_data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ -z "${KEEP:-}" ] && [ -z "${WORK:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

now_ns() { date +%s%N; }
seconds_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# Starts khabar-server on a free port over $data; sets server_pid, addr and open_s: the seconds
# from launch to the first answered ListQuotes (the store opened and serving).
start_server() {
  local started
  started=$(now_ns)
  : >"$work/server.out"
  RUST_LOG=warn "$bin/khabar-server" --listen 127.0.0.1:0 --data-dir "$data" \
    >"$work/server.out" 2>>"$work/server.err" &
  server_pid=$!
  addr=
  for _ in $(seq 1 6000); do
    addr=$(sed -n 's/^khabar-server listening on //p' "$work/server.out" || true)
    [ -n "$addr" ] && break
    kill -0 "$server_pid" 2>/dev/null || die "khabar-server exited: $(tail -3 "$work/server.err")"
    sleep 0.01
  done
  [ -n "$addr" ] || die "khabar-server did not start"
  khabar quotes --limit 1 >/dev/null 2>&1
  open_s=$(seconds_since "$started")
}
# Stops the server (SIGTERM: in-flight calls finish, the store is flushed and closed with a sled
# snapshot); sets stop_s, the seconds from the signal to its exit.
stop_server() {
  local started
  started=$(now_ns)
  kill "$server_pid"
  wait "$server_pid" || true
  stop_s=$(seconds_since "$started")
  server_pid=
}
rss_mib() { awk -v k="$1:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status"; }

start_postgres() {
  rm -rf "$work/pg"
  mkdir -p "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
  as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $pg_port -k $work/pg -c shared_buffers=512MB -c max_connections=200" \
    start >/dev/null
  export PGHOST=127.0.0.1 PGPORT=$pg_port PGUSER=postgres PGDATABASE=khabar_bench
  export PGOPTIONS='-c client_min_messages=warning'
}

# --- one measurement of the pgbench scripts ---------------------------------------------------
# Prints a row like khabar bench's JSON rows for benches/pg/CALL.pgbench.
pgbench_row() {
  local call=$1 n=$2
  local dir=$work/pgbench/$call
  rm -rf "$dir"; mkdir -p "$dir"
  local run=(pgbench -n -c "$clients" -j 2 -M prepared -D "n=$n" -f "$repo/benches/pg/$call.pgbench")
  "${run[@]}" -T 1 >/dev/null 2>&1 || true # warm-up
  (cd "$dir" && "${run[@]}" -T "$duration" -l --log-prefix=log >"$dir/out" 2>"$dir/err") ||
    log "pgbench $call failed: $(tail -2 "$dir/err")"
  local tps failed
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$dir/out" | tail -1)
  failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$dir/out")
  cat "$dir"/log.* 2>/dev/null | awk '{print $3}' | sort -n >"$dir/us"
  awk -v call="$call" -v clients="$clients" -v tps="${tps:-0}" -v failed="${failed:-0}" '
    { v[NR] = $1 }
    function q(p,  r) { if (NR == 0) return 0; r = int(p * NR + 0.999999); if (r < 1) r = 1; return v[r] / 1000 }
    END { printf "{\"rpc\":\"%s\",\"clients\":%d,\"requests\":%d,\"errors\":%d,\"qps\":%s,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
          call, clients, NR + failed, failed, tps, q(0.50), q(0.90), q(0.99), (NR ? v[NR] / 1000 : 0) }
  ' "$dir/us"
}

# --- the steps ------------------------------------------------------------------------------
start_postgres
log "PostgreSQL $pg_version on 127.0.0.1:$pg_port"
data=
raw_bytes=0
# one line per step; a step run again in the same $WORK replaces its line, so `x10` can be run
# later on a kept WORK and the report covers every step
summary=$work/summary.jsonl
touch "$summary"
for step in "${steps[@]}"; do
  case $step in
    all) data=$work/store-all; rm -rf "$data"; raw_bytes=0; ingest=(--ingest-limit 0) ;;
    x[0-9]*)
      [ -d "$work/store-all" ] || die "step $step grows the 'all' store: run step 'all' first"
      data=$work/store-all
      done_copies=$(cat "$work/copies" 2>/dev/null || echo 1)
      raw_bytes=$(jq -r 'select(.step | startswith("x") or . == "all") | .raw' "$summary" | tail -1)
      ingest=(--first-copy "$done_copies" --copies $((${step#x} - done_copies))) ;;
    [0-9]*) data=$work/store-$step; rm -rf "$data"; raw_bytes=0; ingest=(--ingest-limit "$step") ;;
    *) die "unknown step $step (a number, all or xK)" ;;
  esac
  sdir=$work/step-$step
  mkdir -p "$sdir"
  log "step $step: ingest (${ingest[*]})"
  start_server
  khabar --json bench --only none --ingest "$corpus" --streams "$streams" "${ingest[@]}" \
    >"$sdir/ingest.jsonl" || log "ingest reported failures (see $sdir/ingest.jsonl)"
  case $step in all) echo 1 >"$work/copies" ;; x*) echo "${step#x}" >"$work/copies" ;; esac
  rss_ingest=$(rss_mib VmRSS)
  peak_ingest=$(rss_mib VmHWM)
  stop_server
  stop_ingest_s=$stop_s
  raw_bytes=$(jq -s --argjson before "$raw_bytes" '$before + (.[0].mb_per_s * .[0].seconds * 1e6 | floor)' "$sdir/ingest.jsonl")
  disk_bytes=$(du -sb "$data" | cut -f1)

  log "step $step: reopen and query ($clients clients, ${duration}s per call)"
  start_server
  khabar --json bench --clients "$clients" --duration "$duration" --params-out "$sdir/params" \
    >"$sdir/khabar.jsonl" || log "khabar bench reported failures (see $sdir/khabar.jsonl)"
  rss_query=$(rss_mib VmRSS)

  if [ "${PG:-1}" = 0 ]; then
    stop_server
    articles=$(jq -s '.[0].requests - .[0].errors' "$sdir/ingest.jsonl")
    [ "$step" = "${step#x}" ] || articles=$((articles + $(jq -r 'select(.step == "all") | .articles' "$summary" | head -1)))
    : >"$sdir/pg.jsonl"
    pg_load_s=0 pg_bytes=0
  else
  log "step $step: export facts and load PostgreSQL"
  mkdir -p "$sdir/export"
  for kind in entities articles quotes meetings; do
    khabar --json "$kind" --limit 0 >"$sdir/export/$kind.jsonl"
  done
  stop_server
  articles=$(wc -l <"$sdir/export/articles.jsonl")
  dropdb --if-exists khabar_bench 2>/dev/null
  createdb khabar_bench
  load_started=$(now_ns)
  "$repo/benches/pg/load.sh" "$sdir/export" "$sdir/params"
  pg_load_s=$(seconds_since "$load_started")
  pg_bytes=$(psql -X -At -c "SELECT pg_database_size('khabar_bench')")

  log "step $step: PostgreSQL queries ($clients clients)"
  : >"$sdir/pg.jsonl"
  pgbench_row health 1 >>"$sdir/pg.jsonl"
  for call in quotes-by-speaker meetings-by-month meetings-by-participant get-article; do
    case $call in
      quotes-by-speaker) list=speakers ;; meetings-by-month) list=months ;;
      meetings-by-participant) list=participants ;; get-article) list=articles ;;
    esac
    n=$(wc -l <"$sdir/params/$list.txt")
    pgbench_row "$call" "$n" >>"$sdir/pg.jsonl"
  done
  # how many rows each query finds on average, next to khabar's rows_per_call
  psql -X -At -F ' ' -f "$repo/benches/pg/rows.sql" >"$sdir/pg-rows.txt"
  jq -c --rawfile rows "$sdir/pg-rows.txt" '
    ($rows | split("\n") | map(select(. != "") | split(" ") | {(.[0]): (.[1] | tonumber)}) | add) as $r
    | .rows_per_call = ($r[.rpc] // 1)' "$sdir/pg.jsonl" >"$sdir/pg.rows.jsonl"
  mv "$sdir/pg.rows.jsonl" "$sdir/pg.jsonl"
  fi
  jq -cn --arg step "$step" --argjson articles "$articles" --argjson raw "$raw_bytes" \
    --argjson disk "$disk_bytes" --argjson rss_ingest "${rss_ingest:-0}" \
    --argjson peak_ingest "${peak_ingest:-0}" --argjson rss_query "${rss_query:-0}" \
    --argjson open_s "$open_s" --argjson stop_s "$stop_ingest_s" --argjson pg_load_s "$pg_load_s" --argjson pg_bytes "$pg_bytes" \
    --slurpfile ingest "$sdir/ingest.jsonl" --slurpfile khabar "$sdir/khabar.jsonl" \
    --slurpfile pg "$sdir/pg.jsonl" \
    '{step: $step, articles: $articles, raw: $raw, disk: $disk, rss_ingest: $rss_ingest,
      peak_ingest: $peak_ingest, rss_query: $rss_query, stop_s: $stop_s, open_s: $open_s, pg_load_s: $pg_load_s,
      pg_bytes: $pg_bytes, ingest: $ingest[0], khabar: $khabar, pg: $pg}' >"$sdir/summary.json"
  { grep -v "\"step\":\"$step\"" "$summary" || true; cat "$sdir/summary.json"; } >"$summary.new"
  mv "$summary.new" "$summary"
done

# --- the report -----------------------------------------------------------------------------
machine="$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB"
jq -rs --arg clients "$clients" --arg duration "$duration" --arg streams "$streams" \
  --arg machine "$machine" --arg pg "$pg_version" \
  --arg rev "$(cd "$repo" && git rev-parse --short HEAD)" \
  -f "$repo/benches/report.jq" "$summary" >"$out"
cp "$summary" "${out%.md}.jsonl"
cat "$out"
log "report: $out (raw figures: ${out%.md}.jsonl)"
