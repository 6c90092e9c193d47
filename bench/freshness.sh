#!/usr/bin/env bash
# Freshness benchmark of issue 20 (items 2 and 4): how long after a minute ends its cumulative row can be read from
# HBase and from Paimon, with the example job (sql/jobs/app_uv.sql) running unbounded as `rtw run` runs it (exactly-once
# checkpoints, every sink on: Paimon on the local file system, HBase started for the benchmark).
#
# Per configuration (--config, repeatable; each a comma list of wd=WATERMARK_DELAY, ckpt=CHECKPOINT_INTERVAL,
# flush=HBASE_FLUSH_INTERVAL, rows=HBASE_FLUSH_MAX_ROWS, rate=ROWS_PER_S of the HBase sink's rate limit; unset ones
# take the project's values): a copy of sql/ with that watermark-delay in the meta-table and those
# sink.buffer-flush.* options in the HBase kv block (the rate limit as --var kv.write.rows_per_second), the HBase
# table created empty, the topic emptied; the job started in its own JVM (FreshnessBench job: JobRunner, unbounded,
# -D execution.checkpointing.interval); then FreshnessBench measure sends events stamped with the wall clock at
# --rate per second for --minutes (the day's shape: --keys channels, Zipf --key-skew, --users users, --ids type), and
# meanwhile polls HBase (a scan of the serving table's time column, every --poll-ms) and walks the Paimon snapshots as
# they are committed (each appending snapshot of every table with the key and time columns, read projected). A
# (row, minute) is readable once a value at or after the minute's end is; its delay is that moment (HBase: the scan
# that returned it; Paimon: the snapshot's commit time) minus the minute's end. Measured: every whole minute of the
# run but the first --skip-minutes (1: the job's warm-up in a fresh JVM), every key with events in it and the __all__
# row; the partial first and last minutes are left out. The job is then stopped with SIGTERM (a savepoint, as Ctrl-C
# on rtw run).
#
# Output per configuration: one FRESHNESS line (p50/p99/max per sink, with counts and any (row, minute) never
# readable as missing=N) and PART lines (per HBase row group, e.g. rtw_uv_serving/day_uv|*|DAY, and per Paimon table)
# in $RUN/results.txt; raw files in $RUN/CONFIG/: delays.csv (every measured (row, minute) and its delay),
# hbase-versions.csv (when each row's time value was first seen), paimon-snapshots.csv (every snapshot read, its
# commit time); the job's log in $RUN/CONFIG/job.err; and $RUN/summary.md, a markdown row per configuration.
#
# Usage: bench/freshness.sh [--config wd=5s,ckpt=10s,flush=1s,rows=1000 ...] [--rate 2000] [--minutes 12]
#          [--keys 1000] [--key-skew 1.1] [--users 3000000] [--ids bigint|string] [--poll-ms 200] [--drain-s S]
#          [--skip-minutes 1]
#          [--var k=v ...] [--no-build]
# RTW_BENCH_XMX is the job JVM's heap (default 2g, as rtw's launcher). Data and servers' files go to $RTW_BENCH_DIR
# (default /tmp/rtw-bench); Kafka listens on 127.0.0.1:29192 (controller 29193), HBase's ZooKeeper on 29281 (master
# 29700, region server 29720), the job's REST API on 28092 (RTW_BENCH_KAFKA_PORT, RTW_BENCH_ZK_PORT,
# RTW_BENCH_REST_PORT change them). Maven runs offline with the repository $RTW_MAVEN_REPO (default: Maven's,
# ~/.m2/settings.xml's localRepository included).
set -euo pipefail
# The body is one block, read whole before it runs: editing this file cannot change a run under way.
{
ARGS="$*"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${RTW_BENCH_DIR:-/tmp/rtw-bench}"
# $RTW_MAVEN_REPO, else Maven's own rule (settings.xml included): the one helper rtw local uses too.
M2="$(java "$ROOT/local-servers/src/main/java/io/rtw/local/MavenRepository.java")"
export RTW_MAVEN_REPO="$M2"
CONFIGS=()
RATE=2000
MINUTES=12
KEYS=1000
SKEW=1.1
USERS=3000000
IDS=bigint
POLL_MS=200
SKIP=1
DRAIN_S=
BUILD=1
VARS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --config) CONFIGS+=("$2"); shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    --key-skew) SKEW="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --ids) IDS="$2"; shift 2 ;;
    --poll-ms) POLL_MS="$2"; shift 2 ;;
    --skip-minutes) SKIP="$2"; shift 2 ;;
    --drain-s) DRAIN_S="$2"; shift 2 ;;
    --var) VARS+=("$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 1 ;;
  esac
done
[[ ${#CONFIGS[@]} -gt 0 ]] || CONFIGS=("default")
KAFKA_PORT="${RTW_BENCH_KAFKA_PORT:-29192}"
ZK_PORT="${RTW_BENCH_ZK_PORT:-29281}"
REST_PORT="${RTW_BENCH_REST_PORT:-28092}"
KAFKA="127.0.0.1:$KAFKA_PORT"
ZK="127.0.0.1:$ZK_PORT"
RUN="$DATA/freshness-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$RUN"
LOG="$RUN/bench.log"
RESULTS="$RUN/results.txt"
: >"$RESULTS"
echo "bench/freshness.sh $ARGS" >"$RUN/command.txt"
say() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$LOG" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_build "$BUILD"
scale() { bench_java 1g ScaleBench "$@"; }
fresh() { bench_java 1g FreshnessBench "$@"; }

say "run directory $RUN; rate $RATE events/s for $MINUTES min; keys $KEYS (skew $SKEW), users $USERS, $IDS ids; configurations: ${CONFIGS[*]}; nproc $(nproc); load $(load)"
say "starting Kafka ($KAFKA) and HBase (ZooKeeper $ZK) under $RUN/servers"
scale servers-up --work-dir="$RUN/servers" --kafka-port="$KAFKA_PORT" --zookeeper-port="$ZK_PORT" \
    --hbase-master-port=$((ZK_PORT + 419)) --hbase-regionserver-port=$((ZK_PORT + 439)) --owner=$$ \
    >"$RUN/servers.out" 2>>"$LOG"
tee -a "$LOG" <"$RUN/servers.out" >&2
JOB_PID=
cleanup() {
  if [[ -n $JOB_PID ]] && kill -0 "$JOB_PID" 2>/dev/null; then kill -KILL "$JOB_PID" 2>/dev/null || true; fi
  scale servers-down --work-dir="$RUN/servers" >>"$LOG" 2>&1 || true
}
trap cleanup EXIT

TODAY="$(TZ=Asia/Shanghai date +%F)"
n=0
for CONFIG in "${CONFIGS[@]}"; do
  n=$((n + 1))
  WD= CKPT= FLUSH= ROWS= KVRATE=
  IFS=, read -ra KVS <<<"$CONFIG"
  for kv in "${KVS[@]}"; do
    case "$kv" in
      wd=*) WD="${kv#wd=}" ;; ckpt=*) CKPT="${kv#ckpt=}" ;; flush=*) FLUSH="${kv#flush=}" ;;
      rows=*) ROWS="${kv#rows=}" ;; rate=*) KVRATE="${kv#rate=}" ;; default) ;;
      *) echo "unknown configuration item $kv (wd=, ckpt=, flush=, rows=, rate=)" >&2; exit 1 ;;
    esac
  done
  LABEL="c$n"
  DIR="$RUN/$LABEL"
  mkdir -p "$DIR"
  # The project copy: watermark delay, the HBase sink's buffer options, the id type.
  popts=(--from="$ROOT/sql" --to="$DIR/project")
  [[ -n $WD ]] && popts+=(--watermark-delay="$WD")
  [[ $IDS == string ]] && popts+=(--user-id-type=STRING)
  kvo=""
  [[ -n $FLUSH ]] && kvo="sink.buffer-flush.interval=$FLUSH"
  [[ -n $ROWS ]] && kvo="${kvo:+$kvo;}sink.buffer-flush.max-rows=$ROWS"
  [[ -n $kvo ]] && popts+=(--kv-options="$kvo")
  vars="kafka.bootstrap=$KAFKA,kafka.group=fresh-$LABEL-$RANDOM,warehouse=file://$DIR/wh,hbase.zookeeper=$ZK,activity.start=$TODAY"
  [[ -n $KVRATE ]] && vars="$vars,kv.write.rows_per_second=$KVRATE"
  for v in "${VARS[@]}"; do vars="$vars,$v"; done
  scale project "${popts[@]}" --vars="$vars" >>"$DIR/project.out" 2>>"$LOG"
  scale kv-recreate --project="$DIR/project" --home="$DIR/home" --vars="$vars" >>"$LOG" 2>&1
  fresh topic --bootstrap="$KAFKA" --topic=app_events --partitions=2 >>"$LOG" 2>&1
  jflags=()
  [[ -n $CKPT ]] && jflags+=(-Dexecution.checkpointing.interval="$CKPT")
  say "$LABEL ($CONFIG): starting the job (log $DIR/job.err)"
  BENCH_EXEC=1 bench_java "${RTW_BENCH_XMX:-2g}" FreshnessBench job --project="$DIR/project" --sql="$ROOT/sql/jobs/app_uv.sql" \
      --home="$DIR/home" --vars="$vars" --rest-port="$REST_PORT" "${jflags[@]}" >"$DIR/job.out" 2>"$DIR/job.err" &
  JOB_PID=$!
  say "$LABEL: job JVM pid $JOB_PID; measuring ($RATE events/s, $MINUTES min)"
  mopts=(--bootstrap="$KAFKA" --topic=app_events --project="$DIR/project" --home="$DIR/home" --vars="$vars"
      --rest-port="$REST_PORT" --job-pid="$JOB_PID" --out="$DIR" --label="$LABEL" --rate="$RATE" --minutes="$MINUTES" --users="$USERS"
      --keys="$KEYS" --key-skew="$SKEW" --ids="$IDS" --poll-ms="$POLL_MS"
      --skip-minutes="$SKIP")
  [[ -n $DRAIN_S ]] && mopts+=(--drain-s="$DRAIN_S")
  rc=0
  fresh measure "${mopts[@]}" >"$DIR/measure.out" 2>"$DIR/measure.err" || rc=$?
  say "$LABEL: measured (rc $rc); stopping the job with a savepoint (SIGTERM to pid $JOB_PID)"
  kill -TERM "$JOB_PID" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$JOB_PID" 2>/dev/null || break; sleep 1; done
  if kill -0 "$JOB_PID" 2>/dev/null; then kill -KILL "$JOB_PID" 2>/dev/null || true; fi
  wait "$JOB_PID" 2>/dev/null || true
  JOB_PID=
  if grep -q '^FRESHNESS' "$DIR/measure.out"; then
    sed "s/^FRESHNESS /FRESHNESS config=$CONFIG /" "$DIR/measure.out" | grep '^FRESHNESS' >>"$RESULTS"
    grep '^PART' "$DIR/measure.out" >>"$RESULTS" || true
  else
    echo "FRESHNESS config=$CONFIG label=$LABEL failed rc=$rc" >>"$RESULTS"
    tail -n 20 "$DIR/measure.err" >>"$LOG"
  fi
  grep -E '^(FRESHNESS|PART)' "$DIR/measure.out" | tee -a "$LOG" >&2 || true
done

# Summary: one markdown row per configuration (seconds after the minute's end).
awk -v rate="$RATE" -v minutes="$MINUTES" -v keys="$KEYS" -v cmd="bench/freshness.sh $ARGS" '
  function v(line, key,   m) { if (match(line, " " key "=[^ ]*")) { m = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m } return "" }
  function s(ms) { return ms == "" || ms < 0 ? "-" : sprintf("%.1f", ms / 1000) }
  BEGIN {
    print "| configuration | events/s | keys | minutes measured (skipped) | watermark delay s | HBase p50 / p99 / max s | HBase (row, minute)s (missing) | Paimon p50 / p99 / max s | Paimon (key, minute)s (missing) |"
    print "|---|---|---|---|---|---|---|---|---|"
  }
  /^FRESHNESS/ && !/ failed / {
    printf "| %s | %s | %s | %s | %s | %s / %s / %s | %s (%s) | %s / %s / %s | %s (%s) |\n", v($0, "config"), v($0, "rate"), keys, v($0, "minutes_measured") " (" v($0, "minutes_skipped") ")", s(v($0, "watermark_delay_ms")),
      s(v($0, "hbase_p50_ms")), s(v($0, "hbase_p99_ms")), s(v($0, "hbase_max_ms")), v($0, "hbase_n"), v($0, "hbase_missing"),
      s(v($0, "paimon_p50_ms")), s(v($0, "paimon_p99_ms")), s(v($0, "paimon_max_ms")), v($0, "paimon_n"), v($0, "paimon_missing")
  }
  /^FRESHNESS/ && / failed / { printf "| %s | failed: see the log | | | | | | | |\n", v($0, "config") }
  END { print ""; print "Command: `" cmd "`" }' "$RESULTS" >"$RUN/summary.md"
cat "$RUN/summary.md"
say "done: results $RESULTS, summary $RUN/summary.md, raw files per configuration in $RUN/c*/ (delays.csv, hbase-versions.csv, paimon-snapshots.csv, job.err)"
exit 0
}
