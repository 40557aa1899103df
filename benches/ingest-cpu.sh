#!/usr/bin/env bash
# One bulk-ingest round against a fresh store, with the CPU accounting the ingest sessions use
# (benches/results/2026-11-25-session7-ingest.md):
#
#   benches/ingest-cpu.sh BINDIR [ARTICLES] [STREAMS]
#
# BINDIR holds a release `khabar-server` and `khabar`. Prints one line of key=value figures:
# articles/s end to end (every article durable when answered), the server's CPU per article
# (utime+stime from /proc/PID/stat), the load tool's CPU per article (its rusage), the whole
# machine's busy share of its cores over the ingest (/proc/stat: are the cores saturated?), the
# server's context switches per article (summed over its threads), sled's I/O threads' CPU, and
# the server's peak memory (VmHWM). The machine is shared: compare builds in alternating rounds.
set -euo pipefail
BIN=${1:?usage: ingest-cpu.sh BINDIR [ARTICLES] [STREAMS]}
N=${2:-4000}
STREAMS=${3:-4}
CORPUS=${CORPUS:-/work/shared/corpus/corpus.jsonl.gz}
HZ=$(getconf CLK_TCK)
PORT=$((20000 + RANDOM % 20000))
DIR=$(mktemp -d)
"$BIN/khabar-server" --listen "127.0.0.1:$PORT" --data-dir "$DIR/store" >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do
    "$BIN/khabar" --server "http://127.0.0.1:$PORT" articles --limit 1 >/dev/null 2>&1 && break
    sleep 0.1
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
machine() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
# nanoseconds the server's threads spent waiting to run (runnable, on a run queue): high when
# the cores are saturated, ~0 when the pipeline itself waits (latency-bound)
runq_wait() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $2} END {printf "%.0f", s}'; }
switches() {
    cat /proc/"$1"/task/*/status 2>/dev/null |
        awk '/^(non)?voluntary_ctxt_switches/{s += $2} END {print s}'
}

s0=$(ticks $SERVER); c0=$(switches $SERVER); w0=$(runq_wait $SERVER); read -r busy0 all0 < <(machine)
/usr/bin/time -f '%U %S' -o "$DIR/tool.time" \
    "$BIN/khabar" --server "http://127.0.0.1:$PORT" --json bench --only none \
    --ingest "$CORPUS" --ingest-limit "$N" --streams "$STREAMS" >"$DIR/bench.json"
s1=$(ticks $SERVER); c1=$(switches $SERVER); w1=$(runq_wait $SERVER); read -r busy1 all1 < <(machine)

io=0
for t in /proc/$SERVER/task/*; do
    if grep -q '^sled-io' "$t/comm" 2>/dev/null; then
        io=$((io + $(awk '{print $14 + $15}' "$t/stat")))
    fi
done
hwm=$(awk '/VmHWM/{print int($2 / 1024)}' "/proc/$SERVER/status")
read -r tool_user tool_sys < "$DIR/tool.time"
# with RUST_LOG=info,khabar::store=debug the store logs each group it commits
groups=$(grep -c 'group committed' "$DIR/server.log" || true)
jq -r --argjson n "$N" --argjson hz "$HZ" \
    --argjson server "$((s1 - s0))" --argjson io "$io" \
    --argjson wait "$((w1 - w0))" \
    --argjson cs "$((c1 - c0))" --argjson hwm "$hwm" \
    --argjson tool "$(echo "$tool_user + $tool_sys" | bc)" \
    --argjson busy "$((busy1 - busy0))" --argjson all "$((all1 - all0))" \
    'select(.rpc | startswith("ingest")) |
     "articles=\(.requests) errors=\(.errors) per_s=\(.qps | floor)" +
     " server_ms=\($server * 1000 / $hz / $n * 1000 | floor / 1000)" +
     " tool_ms=\($tool * 1000 / $n * 1000 | floor / 1000)" +
     " machine_busy=\($busy * 100 / $all | floor)%" +
     " sled_io_ms=\($io * 1000 / $hz / $n * 1000 | floor / 1000)" +
     " runq_wait_ms=\($wait / 1e6 / $n * 1000 | floor / 1000)" +
     " cs_per_article=\($cs / $n * 10 | floor / 10) hwm_mb=\($hwm)" +
     (if $groups > 0 then " articles_per_group=\($n / $groups * 100 | floor / 100)" else "" end)' \
    --argjson groups "$groups" "$DIR/bench.json"
