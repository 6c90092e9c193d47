#!/usr/bin/env bash
# Fixed overhead of a tiny run (issue 23, item 6): a 20-record bounded stream replay of sql/jobs/app_uv.sql, end to
# end as a user runs it (./rtw run ... --bounded), timed line by line.
# Usage: bench/overhead.sh [--checkout DIR] [--runs N] [--records N] [--label L]
# --checkout measures another checkout (e.g. a worktree of an older commit, built) with the same script; each run gets
# its own consumer group and warehouse, so every run reads the same records from the start and writes a fresh
# warehouse. Servers: `rtw local up kafka hbase` of the checkout measured, default ports, fresh in
# ${RTW_HOME:-/tmp/rtw-overhead}/LABEL and stopped at the end (so the topic holds exactly the produced records).
# Each output line of `rtw run` is prefixed with the seconds since the command started; RESULT lines (wall seconds
# per run) go to $RTW_HOME/LABEL/out/results.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHECKOUT="$ROOT" RUNS=3 RECORDS=20 LABEL=run
while [[ $# -gt 0 ]]; do
  case "$1" in
    --checkout) CHECKOUT="$(cd "$2" && pwd)"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --records) RECORDS="$2"; shift 2 ;;
    --label) LABEL="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 1 ;;
  esac
done
export RTW_HOME="${RTW_HOME:-/tmp/rtw-overhead}/$LABEL"
rm -rf "$RTW_HOME"
OUT="$RTW_HOME/out"
mkdir -p "$OUT"
trap '( cd "$CHECKOUT" && "$RTW" local down ) >/dev/null 2>&1 || true' EXIT
DAY=2026-11-21
RTW="$CHECKOUT/rtw"
stamp() { python3 -u -c '
import sys, time
t0 = float(sys.argv[1])
for line in sys.stdin:
    print("%7.2f  %s" % (time.time() - t0, line.rstrip()), flush=True)' "$1"; }
( cd "$CHECKOUT" && "$RTW" local up kafka hbase && "$RTW" kv create rtw_uv_serving --family f ) >/dev/null
python3 - "$RECORDS" "$DAY" >"$OUT/day.jsonl" <<'PY'
import sys, datetime
n, day = int(sys.argv[1]), sys.argv[2]
start = int(datetime.datetime.fromisoformat(day + "T00:00:00+08:00").timestamp() * 1000)
for i in range(n):
    print('{"event_id":"e%d","user_id":%d,"event_type":"view","channel":"%s","ts":%d,"new_user":0}'
          % (i, 1 + i % 7, ["app", "web"][i % 2], start + i * 3_600_000))
PY
( cd "$CHECKOUT" && "$RTW" produce app_events "$OUT/day.jsonl" ) >/dev/null
for r in $(seq 1 "$RUNS"); do
  t0=$(date +%s.%N)
  ( cd "$CHECKOUT" && "$RTW" run sql/jobs/app_uv.sql --mode stream --bizdate "$DAY" --bounded \
      --var kafka.group="ovh-$LABEL-$r-$RANDOM" --var warehouse="file://$OUT/wh-$r" 2>&1 ) | stamp "$t0" | tee "$OUT/run-$r.txt"
  t1=$(date +%s.%N)
  printf 'RESULT label=%s run=%d records=%d wall_s=%.2f\n' "$LABEL" "$r" "$RECORDS" "$(echo "$t1 - $t0" | bc)" | tee -a "$OUT/results.txt"
done
