#!/usr/bin/env bash
# Job benchmark of issues 5 and 6 (item 7 each), in one run, side by side:
#   A (stream): one generated day produced to a real Kafka (rtw local up kafka), replayed bounded through
#      passthrough.sql (parse into a blackhole), uv_sketch.sql (app_uv.sql's uv_minute: bitmap64 + HLL,
#      CUMULATE 1 min / 1 day, into Paimon) and uv_exact.sql (the same with COUNT(DISTINCT user_id)),
#      each through io.rtw.stream.JobRunner exactly as `rtw run --bounded` runs it (so with the meta-table's
#      archive, dead-letter and late inserts), back to back, --rounds times;
#   B (batch): uv_sketch.sql and uv_exact.sql in batch mode over the day's Paimon partition
#      ods.app_events dt=DAY in the batch encoding, written by a stream run's archive: a day of --batch-events
#      (default: the stream day) produced to the topic and replayed through uv_sketch.sql (untimed), then
#      both batch jobs over it as rtw runs them (Flink's streaming runtime over bounded sources), then
#      uv_exact.sql on Flink's batch runtime (-Dexecution.runtime-mode=batch), where CUMULATE replicates every
#      row into each of the up to 1,440 windows containing it: hours for a few million events on 2 cores, so
#      --batch-timeout stops it and the summary gives the ratio as a lower bound.
# Prints one RESULT line per job (events/s over wall time, over the run from task deployment to job end, and
# steady: while the source reads from 20% to 90% of the topic, its records out sampled 10 times a second in the driver JVM;
# CPU seconds, CPU microseconds per event and the JIT compiler's seconds while steady; checkpoint state sizes from the MiniCluster's
# REST API) and a summary with the ratios.
#
# Usage: bench/jobs.sh [--events N] [--users N] [--rounds R] [--warmup W] [--parallelism P] [--batch-events N]
#                      [--batch-users N] [--batch-timeout SECONDS]
#                      [--no-batch] [--no-stream] [--no-base] [--extra "LABEL:SQL:SIDE:KEY=V,KEY=V" ...]
# --extra adds a stream job per round after the three: LABEL, a file of bench/sql without .sql, whether to
# include the meta-table's archive/dead-letter/late inserts (true = as `rtw run` does, false = the file's
# inserts alone), and Flink options. --no-base runs only the extras. --warmup runs each stream job W times in its
# JVM before the measured run (own consumer group and warehouse), so that the measure is the steady state of a
# long-running job, not the JIT compiler's warm-up (in a cold 10 s run on 2 cores, about 40% of the JVM's CPU).
# RTW_BENCH_JAVA_OPTS adds JVM options to every driver JVM (e.g. a flight recording:
# -XX:StartFlightRecording=filename=...).
# Data, logs and the Kafka work directory go to $RTW_BENCH_DIR (default /tmp/rtw-bench); Kafka listens on
# 127.0.0.1:19092 (controller 19093) so it does not collide with a developer's `rtw local up`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${RTW_BENCH_DIR:-/tmp/rtw-bench}"
EVENTS=2000000
USERS=1000000
ROUNDS=2
WARMUP=0
PAR=2
BATCH_TIMEOUT=1200
STREAM_TIMEOUT=1800
DO_BATCH=1
BATCH_EVENTS=
BATCH_USERS=
DO_STREAM=1
DO_BASE=1
DAY=2026-11-21
EXTRA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --parallelism) PAR="$2"; shift 2 ;;
    --batch-timeout) BATCH_TIMEOUT="$2"; shift 2 ;;
    --batch-events) BATCH_EVENTS="$2"; shift 2 ;;
    --batch-users) BATCH_USERS="$2"; shift 2 ;;
    --no-batch) DO_BATCH=0; shift ;;
    --no-stream) DO_STREAM=0; shift ;;
    --no-base) DO_BASE=0; shift ;;
    --extra) EXTRA+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 1 ;;
  esac
done
KAFKA=127.0.0.1:19092
RUN="$DATA/run-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$RUN"
LOG="$RUN/bench.log"
RESULTS="$RUN/results.txt"
: >"$RESULTS"
say() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$LOG" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# 1. Build: the stream-jobs test classpath, and the driver compiled apart from target/ (so a concurrent
#    build of the module cannot remove it mid-run).
say "building the driver (stream-jobs test classpath)"
(cd "$ROOT" && mvn -B -ntp -o -q -pl stream-jobs test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test) >>"$LOG" 2>&1
rm -rf "$DATA/classes" && mkdir -p "$DATA/classes"
cp -r "$ROOT/stream-jobs/target/classes/." "$DATA/classes/"
cp "$ROOT/stream-jobs/target/bench.cp" "$DATA/bench.cp"
javac -nowarn -d "$DATA/classes" -cp "$DATA/classes:$(cat "$DATA/bench.cp")" \
    "$ROOT/stream-jobs/src/test/java/io/rtw/stream/bench/JobBench.java"
# The driver's metric reporter (the source's progress, read in the driver's JVM), found by Flink's ServiceLoader.
mkdir -p "$DATA/classes/META-INF/services"
echo 'io.rtw.stream.bench.JobBench$ProgressReporterFactory' \
    >"$DATA/classes/META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory"
# The RocksDB state backend, as on the CLI's runtime classpath (rtw run -D state.backend.type=rocksdb).
M2="$(java "$ROOT/local-servers/src/main/java/io/rtw/local/MavenRepository.java")"
ROCKS="$M2/org/apache/flink/flink-statebackend-rocksdb/2.1.1/flink-statebackend-rocksdb-2.1.1.jar:$M2/com/ververica/frocksdbjni/8.10.0-ververica-1.0/frocksdbjni-8.10.0-ververica-1.0.jar"
driver() {
  # shellcheck disable=SC2086 # word splitting of the extra options is intended
  java -Xmx8g -XX:+UseParallelGC ${RTW_BENCH_JAVA_OPTS:-} -Dlog4j2.configurationFile="$ROOT/stream-jobs/src/test/resources/log4j2-test.properties" \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED \
    -cp "$DATA/classes:$(cat "$DATA/bench.cp"):$ROCKS" io.rtw.stream.bench.JobBench "$@"
}

# One job: LABEL MODE SQL SIDE_INSERTS HOME WAREHOUSE EVENTS TIMEOUT [-Dk=v ...]
job() {
  local label="$1" mode="$2" sql="$3" side="$4" home="$5" wh="$6" events="$7" timeout="$8"; shift 8
  local before after rc=0 warmup=0
  [[ $mode == stream ]] && warmup=$WARMUP
  before="$(load)"
  say "$label: start (load $before)"
  timeout "$timeout" bash -c "$(declare -f driver); ROOT='$ROOT' DATA='$DATA' ROCKS='$ROCKS'; driver \"\$@\"" _ run \
      --mode="$mode" --project="$ROOT/sql" --sql="$ROOT/bench/sql/$sql.sql" --day="$DAY" --home="$home" \
      --label="$label" --events="$events" --side-inserts="$side" --rest-port=18091 --warmup="$warmup" \
      --vars="kafka.bootstrap=$KAFKA,kafka.group=bench-$label-$RANDOM$RANDOM,warehouse=file://$wh" \
      -Dparallelism.default="$PAR" "$@" >"$RUN/$label.out" 2>"$RUN/$label.err" || rc=$?
  after="$(load)"
  if grep -q '^RESULT' "$RUN/$label.out"; then
    echo "$(grep '^RESULT' "$RUN/$label.out") load_before=${before// /,} load_after=${after// /,}" >>"$RESULTS"
  else
    echo "RESULT label=$label mode=$mode failed_or_timed_out rc=$rc after_s=$timeout load_before=${before// /,} load_after=${after// /,}" >>"$RESULTS"
    tail -n 20 "$RUN/$label.err" >>"$LOG"
  fi
  say "$label: done rc=$rc (load $after)"
  # The per-vertex busy/back-pressure lines stay in $RUN/$label.out.
}

say "run directory $RUN; events $EVENTS, users $USERS, rounds $ROUNDS, warm-up runs $WARMUP, parallelism $PAR; nproc $(nproc); load $(load)"
kafka_up() {
  say "starting Kafka (rtw local up kafka) on $KAFKA"
  (cd "$ROOT" && ./rtw local up kafka --work-dir "$DATA/local" --kafka-port 19092 --kafka-controller-port 19093) >>"$LOG" 2>&1
  trap '(cd "$ROOT" && ./rtw local down --work-dir "$DATA/local") >>"$LOG" 2>&1 || true' EXIT
}
kafka_down() {
  (cd "$ROOT" && ./rtw local down --work-dir "$DATA/local") >>"$LOG" 2>&1 || true
  trap - EXIT
}
# produce NAME EVENTS USERS: the generated day to topic app_events; prints the message count.
produce() {
  say "producing $2 events of $3 users to topic app_events ($PAR partitions)"
  driver produce --bootstrap="$KAFKA" --topic=app_events --partitions="$PAR" --events="$2" --users="$3" \
      --day="$DAY" >"$RUN/$1.out" 2>>"$LOG"
  tee -a "$LOG" <"$RUN/$1.out" >&2
  sed -n 's/.*messages=\([0-9]*\).*/\1/p' "$RUN/$1.out"
}

if [[ $DO_STREAM == 1 || $DO_BATCH == 1 ]]; then
  kafka_up
fi
if [[ $DO_STREAM == 1 ]]; then
  MESSAGES="$(produce produce "$EVENTS" "$USERS")"
  # 3. The three stream jobs back to back, per round.
  for r in $(seq 1 "$ROUNDS"); do
    for v in passthrough uv_sketch uv_exact; do
      [[ $DO_BASE == 1 ]] || continue
      job "s$r-$v" stream "$v" true "$RUN/s$r-$v" "$RUN/s$r-$v/wh" "$MESSAGES" "$STREAM_TIMEOUT"
    done
    for x in "${EXTRA[@]}"; do
      IFS=: read -r xl xsql xside xconf <<<"$x"
      args=()
      IFS=, read -ra kvs <<<"$xconf"
      for kv in "${kvs[@]}"; do [[ -n "$kv" ]] && args+=("-D$kv"); done
      job "s$r-$xl" stream "$xsql" "$xside" "$RUN/s$r-$xl" "$RUN/s$r-$xl/wh" "$MESSAGES" "$STREAM_TIMEOUT" "${args[@]}"
    done
  done
fi

# 4. Batch: the same two SQL files in batch mode over a stream run's archive of the day.
if [[ $DO_BATCH == 1 ]]; then
  if [[ -n "$BATCH_EVENTS" || $DO_STREAM == 0 ]]; then
    BMSG="$(produce produce-batch "${BATCH_EVENTS:-$EVENTS}" "${BATCH_USERS:-$USERS}")"
    job archive stream uv_sketch true "$RUN/archive" "$RUN/archive/wh" "$BMSG" "$STREAM_TIMEOUT"
    WH="$RUN/archive/wh"
  else
    WH="$RUN/s1-uv_sketch/wh"
  fi
  kafka_down
  say "batch over ods.app_events dt=$DAY in $WH"
  # rtw runs batch jobs on Flink's streaming runtime over bounded sources (shared one-minute slices) ...
  for v in uv_sketch uv_exact; do
    job "b-$v" batch "$v" true "$RUN/b-$v" "$WH" 0 "$BATCH_TIMEOUT"
  done
  # ... and the issue's baseline is exact COUNT(DISTINCT) on Flink's batch runtime, where CUMULATE copies
  # every row into each window containing it; on a large day it runs into --batch-timeout, which then bounds
  # the ratio from below.
  job "b-uv_exact_batchrt" batch uv_exact true "$RUN/b-uv_exact_batchrt" "$WH" 0 "$BATCH_TIMEOUT" \
      -Dexecution.runtime-mode=batch
fi
kafka_down

# 5. Summary with the ratios (events/s of the job over events/s of the baseline; same events).
say "results"
cat "$RESULTS" | tee -a "$LOG"
awk '
  function v(line, key,   m) { if (match(line, " " key "=[^ ]*")) { m = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m } return "" }
  function ratio(l, b) {
    if (!(b in wall) || wall[b] == 0) return
    printf "RATIO %s / %s: wall %.2f, run %.2f, events per cpu-second %.2f", l, b, wall[l] / wall[b], run[l] / run[b], (ev[l] / cpu[l]) / (ev[b] / cpu[b])
    if (steady[l] > 0 && steady[b] > 0) printf ", steady %.2f, steady per cpu-second %.2f", steady[l] / steady[b], scpu[b] / scpu[l]
    printf "\n"
  }
  /^RESULT/ && !/failed_or_timed_out/ { l = v($0, "label"); wall[l] = v($0, "eps_wall"); run[l] = v($0, "eps_run"); cpu[l] = v($0, "cpu_s"); ev[l] = v($0, "events"); steady[l] = v($0, "eps_steady"); scpu[l] = v($0, "cpu_us_per_event_steady"); secs[l] = v($0, "wall_s") }
  /^RESULT/ && /failed_or_timed_out/ { timedout[v($0, "label")] = v($0, "after_s") }
  END {
    if ("b-uv_sketch" in wall) {
      if ("b-uv_exact_batchrt" in wall) ratio("b-uv_sketch", "b-uv_exact_batchrt")
      else if ("b-uv_exact_batchrt" in timedout) printf "RATIO b-uv_sketch / b-uv_exact_batchrt: wall at least %.1f (the baseline did not finish in %s s)\n", timedout["b-uv_exact_batchrt"] / secs["b-uv_sketch"], timedout["b-uv_exact_batchrt"]
    }
    for (l in wall) if (match(l, /uv_sketch(_[a-z0-9]+)?$/)) {
      p = substr(l, 1, RSTART - 1); sfx = substr(l, RSTART + 9)
      ratio(l, ((p "passthrough" sfx) in wall) ? p "passthrough" sfx : p "passthrough")
      ratio(l, p "uv_exact" sfx)
    }
  }' "$RESULTS" | sort | tee -a "$LOG"
say "done: $RUN"
