#!/usr/bin/env bash
# Scale benchmark of issue 20 (items 1 and 4): the example job (sql/jobs/app_uv.sql) as `rtw run` runs it, every
# sink on (Paimon on the local file system, HBase started for the benchmark), over one generated day, beside Flink's
# exact COUNT(DISTINCT) (bench/sql/uv_exact.sql, RocksDB) and a pass-through (bench/sql/passthrough.sql) over the
# same topic, each job in a fresh JVM, back to back.
#
# Shapes (--shape): S 2 M events / 1 M users / 4 keys; M 10 M / 3 M / 1,000 keys, Zipf 1.1; L 20 M / 10 M / 1,000
# keys, Zipf 1.1; tiny 20,000 / 10,000 / 50 keys, Zipf 1.1 (a smoke test). --events/--users/--keys/--key-skew
# override the shape's numbers. The key is the meta-table's `channel` (ch0001, ...); user ids are BIGINT n or STRING
# 'u_' || n (--ids bigint,string): for string ids the benchmark runs a copy of sql/ whose app_events declares user_id
# STRING (column, stream and batch fields), with the same job file. The day streams from the generator to a real
# Kafka (bench-owned, --partitions = parallelism), never held in memory.
#
# Per id type: the day is produced once; then app_uv.sql on each --backends state backend (the HBase table is
# dropped and created empty before each), uv_exact.sql on RocksDB and passthrough.sql on heap state; each replays
# the topic bounded through io.rtw.stream.JobRunner with the meta-table's archive, dead-letter and late inserts,
# checkpoints every 10 s (as bench/jobs.sh), on a MiniCluster whose REST API is polled for checkpoints.
#
# Measures per job (one RESULT line each; field names in docs/benchmarks.md, "Scale and freshness"):
#   events/s over wall and run time (as bench/jobs.sh), events per process CPU second (eps_per_cpu_s), CPU seconds
#   per million events, the largest completed checkpoint (REST state_size max); Paimon: the bytes of every data file
#   each snapshot of the run ADDed (new data and compaction rewrites, plus changelog files), per table and summed over
#   the job's result tables (everything but the meta-tables' archive, dead-letter and late tables), the live size
#   of the final snapshot, and the largest BYTES value by a full read after the run; HBase: the sink's write counters
#   (rows, cells, value and key bytes, largest cell: Flink metrics of the writer, read in the driver's JVM), and a
#   full scan of the table after the run (largest cell, live bytes); the HBase and Kafka servers' CPU seconds.
# Output: $RUN/results.txt (RESULT lines), $RUN/paimon.txt (PAIMON lines, per table), $RUN/summary.md (markdown
# tables for docs/benchmarks.md), each job's stdout/stderr in $RUN/LABEL.out/.err.
#
# Usage: bench/scale.sh --shape S|M|L|tiny [--ids bigint,string] [--backends hashmap,rocksdb]
#          [--jobs app_uv,uv_exact,passthrough] [--events N] [--users N] [--keys N] [--key-skew S]
#          [--parallelism P] [--warmup W] [--timeout SECONDS] [--var k=v ...] [-D key=value ...] [--no-build]
# --timeout (default 7200 s per job): a job still running then is cancelled and measured over the events it read
# (status=timed_out), so a shape the job cannot finish in time still gives its rates, state and write volumes.
# --var sets a project variable for every job (e.g. --var kv.write.rows_per_second=20000); -D sets a Flink option of
# the app_uv runs. RTW_BENCH_XMX is the driver JVM's heap (default 8g), RTW_BENCH_JAVA_OPTS more JVM options.
# Data, logs and servers' files go to $RTW_BENCH_DIR (default /tmp/rtw-bench); Kafka listens on 127.0.0.1:29092
# (controller 29093), HBase's ZooKeeper on 29181 (master 29600, region server 29620), the job's REST API on 28091
# (RTW_BENCH_KAFKA_PORT, RTW_BENCH_ZK_PORT, RTW_BENCH_REST_PORT change them). Maven runs offline with the
# repository $RTW_MAVEN_REPO (default: Maven's,
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
SHAPE=
EVENTS= USERS= KEYS= SKEW=
IDS=bigint,string
BACKENDS=hashmap,rocksdb
JOBS=app_uv,uv_exact,passthrough
PAR=2
WARMUP=0
TIMEOUT=7200
BUILD=1
DAY=2026-11-21
VARS=()
FLINK=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shape) SHAPE="$2"; shift 2 ;;
    --ids) IDS="$2"; shift 2 ;;
    --backends) BACKENDS="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --events) EVENTS="$2"; shift 2 ;;
    --users) USERS="$2"; shift 2 ;;
    --keys) KEYS="$2"; shift 2 ;;
    --key-skew) SKEW="$2"; shift 2 ;;
    --parallelism) PAR="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --var) VARS+=("$2"); shift 2 ;;
    -D) FLINK+=("-D$2"); shift 2 ;;
    -D*) FLINK+=("$1"); shift ;;
    --no-build) BUILD=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 1 ;;
  esac
done
case "$SHAPE" in
  S) : "${EVENTS:=2000000}" "${USERS:=1000000}" "${KEYS:=4}" "${SKEW:=0}" ;;
  M) : "${EVENTS:=10000000}" "${USERS:=3000000}" "${KEYS:=1000}" "${SKEW:=1.1}" ;;
  L) : "${EVENTS:=20000000}" "${USERS:=10000000}" "${KEYS:=1000}" "${SKEW:=1.1}" ;;
  tiny) : "${EVENTS:=20000}" "${USERS:=10000}" "${KEYS:=50}" "${SKEW:=1.1}" ;;
  *) echo "--shape S, M, L or tiny is required" >&2; exit 1 ;;
esac
KAFKA_PORT="${RTW_BENCH_KAFKA_PORT:-29092}"
ZK_PORT="${RTW_BENCH_ZK_PORT:-29181}"
REST_PORT="${RTW_BENCH_REST_PORT:-28091}"
KAFKA="127.0.0.1:$KAFKA_PORT"
ZK="127.0.0.1:$ZK_PORT"
RUN="$DATA/scale-$SHAPE-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$RUN"
LOG="$RUN/bench.log"
RESULTS="$RUN/results.txt"
: >"$RESULTS"
: >"$RUN/paimon.txt"
echo "bench/scale.sh $ARGS" >"$RUN/command.txt"
say() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$LOG" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# 1. Build (bench/lib.sh): the drivers, compiled into $RUN/classes.
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_build "$BUILD"
driver() { bench_java "${RTW_BENCH_XMX:-8g}" ScaleBench "$@"; }

say "run directory $RUN; shape $SHAPE: events $EVENTS, users $USERS, keys $KEYS, key skew $SKEW; ids $IDS; backends $BACKENDS; jobs $JOBS; parallelism $PAR; nproc $(nproc); load $(load)"

# 2. Kafka and HBase on the benchmark's own ports, owned by this script (they exit with it).
say "starting Kafka ($KAFKA) and HBase (ZooKeeper $ZK) under $RUN/servers"
driver servers-up --work-dir="$RUN/servers" --kafka-port="$KAFKA_PORT" --zookeeper-port="$ZK_PORT" --owner=$$ \
    >"$RUN/servers.out" 2>>"$LOG"
cat "$RUN/servers.out" | tee -a "$LOG" >&2
trap 'driver servers-down --work-dir="$RUN/servers" >>"$LOG" 2>&1 || true' EXIT
HBASE_PID="$(sed -n 's/.*hbase_pid=\([0-9]*\).*/\1/p' "$RUN/servers.out")"
KAFKA_PID="$(sed -n 's/.*kafka_pid=\([0-9]*\).*/\1/p' "$RUN/servers.out")"

# One job: LABEL PROJECT SQL HOME BACKEND MESSAGES [-Dk=v ...]
job() {
  local label="$1" project="$2" sql="$3" home="$4" backend="$5" messages="$6"; shift 6
  local before after rc=0 hb0 kf0
  local vars="kafka.bootstrap=$KAFKA,kafka.group=bench-$label-$RANDOM$RANDOM,warehouse=file://$home/wh,hbase.zookeeper=$ZK"
  for v in "${VARS[@]}"; do vars="$vars,$v"; done
  before="$(load)"; hb0="$(cpu_s "$HBASE_PID")"; kf0="$(cpu_s "$KAFKA_PID")"
  say "$label: start (load $before)"
  timeout $((TIMEOUT + 900)) bash -c "$(declare -f driver bench_java); ROOT='$ROOT' CLASSES='$CLASSES' RUN='$RUN' ROCKS='$ROCKS'; driver \"\$@\"" _ run \
      --mode=stream --project="$project" --sql="$sql" --day="$DAY" --home="$home" --label="$label" \
      --events="$messages" --archive-rows-expected="$ARCHIVE_ROWS" --max-seconds="$TIMEOUT" --side-inserts=true --rest-port="$REST_PORT" --warmup="$WARMUP" --vars="$vars" \
      -Dparallelism.default="$PAR" -Dstate.backend.type="$backend" "$@" >"$RUN/$label.out" 2>"$RUN/$label.err" || rc=$?
  after="$(load)"
  local extra="shape=$SHAPE ids=$IDS_NOW job=$(basename "$sql" .sql) backend=$backend hbase_server_cpu_s=$(awk -v a="$hb0" -v b="$(cpu_s "$HBASE_PID")" 'BEGIN{printf "%.1f", b-a}') kafka_server_cpu_s=$(awk -v a="$kf0" -v b="$(cpu_s "$KAFKA_PID")" 'BEGIN{printf "%.1f", b-a}') load_before=${before// /,} load_after=${after// /,}"
  if grep -q '^RESULT' "$RUN/$label.out"; then
    echo "$(grep '^RESULT' "$RUN/$label.out") $extra" >>"$RESULTS"
    grep '^PAIMON' "$RUN/$label.out" >>"$RUN/paimon.txt" || true
  else
    echo "RESULT label=$label status=failed_or_timed_out rc=$rc after_s=$TIMEOUT $extra" >>"$RESULTS"
    tail -n 20 "$RUN/$label.err" >>"$LOG"
  fi
  say "$label: done rc=$rc (load $after): $(grep '^RESULT' "$RUN/$label.out" | grep -o 'status=[a-z_]*\|eps_run=[0-9]*\|eps_per_cpu_s=[0-9]*' | tr '\n' ' ')"
}

IFS=, read -ra ID_LIST <<<"$IDS"
IFS=, read -ra BACKEND_LIST <<<"$BACKENDS"
for IDS_NOW in "${ID_LIST[@]}"; do
  # 3. The project copy for the id type (sql/ as it is for bigint; user_id STRING for string) and its day.
  P="$RUN/project-$IDS_NOW"
  if [[ $IDS_NOW == string ]]; then
    driver project --from="$ROOT/sql" --to="$P" --user-id-type=STRING >>"$RUN/project.out" 2>>"$LOG"
  else
    driver project --from="$ROOT/sql" --to="$P" >>"$RUN/project.out" 2>>"$LOG"
  fi
  mkdir -p "$RUN/sql-$IDS_NOW"
  # The pass-through's blackhole declares the parsed columns; user_id takes the project's type.
  sed "s/user_id BIGINT/user_id $( [[ $IDS_NOW == string ]] && echo STRING || echo BIGINT )/" \
      "$ROOT/bench/sql/passthrough.sql" >"$RUN/sql-$IDS_NOW/passthrough.sql"
  cp "$ROOT/bench/sql/uv_exact.sql" "$RUN/sql-$IDS_NOW/uv_exact.sql"
  say "producing the day ($IDS_NOW ids) to topic app_events ($PAR partitions)"
  driver produce --bootstrap="$KAFKA" --topic=app_events --partitions="$PAR" --events="$EVENTS" --users="$USERS" \
      --keys="$KEYS" --key-skew="$SKEW" --ids="$IDS_NOW" --day="$DAY" >"$RUN/produce-$IDS_NOW.out" 2>>"$LOG"
  tee -a "$LOG" <"$RUN/produce-$IDS_NOW.out" >&2
  MESSAGES="$(sed -n 's/.*messages=\([0-9]*\).*/\1/p' "$RUN/produce-$IDS_NOW.out")"
  # The archive (ods.app_events) must hold every valid and late record.
  ARCHIVE_ROWS="$(awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); n[kv[1]] = kv[2] } } END { print n["valid"] + n["late"] }' "$RUN/produce-$IDS_NOW.out")"
  for J in ${JOBS//,/ }; do
    case "$J" in
      app_uv)
        for B in "${BACKEND_LIST[@]}"; do
          L="$SHAPE-$IDS_NOW-app_uv-$B"
          driver kv-recreate --project="$P" --home="$RUN/$L" --vars="hbase.zookeeper=$ZK" >>"$LOG" 2>&1
          job "$L" "$P" "$ROOT/sql/jobs/app_uv.sql" "$RUN/$L" "$B" "$MESSAGES" "${FLINK[@]}"
        done ;;
      uv_exact) job "$SHAPE-$IDS_NOW-uv_exact-rocksdb" "$P" "$RUN/sql-$IDS_NOW/uv_exact.sql" \
          "$RUN/$SHAPE-$IDS_NOW-uv_exact-rocksdb" rocksdb "$MESSAGES" ;;
      passthrough) job "$SHAPE-$IDS_NOW-passthrough-hashmap" "$P" "$RUN/sql-$IDS_NOW/passthrough.sql" \
          "$RUN/$SHAPE-$IDS_NOW-passthrough-hashmap" hashmap "$MESSAGES" ;;
      *) echo "unknown job $J (app_uv, uv_exact, passthrough)" >&2; exit 1 ;;
    esac
  done
done

# 4. Summary: markdown tables for docs/benchmarks.md, and the ratios to the baselines of the same id type.
say "results: $RESULTS"
awk -v shape="$SHAPE" -v cmd="bench/scale.sh $ARGS" '
  function v(line, key,   m) { if (match(line, " " key "=[^ ]*")) { m = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m } return "" }
  function mb(x) { return x == "" ? "" : sprintf("%.1f", x / 1048576) }
  /^RESULT/ {
    n++; line[n] = $0
    if (v($0, "status") == "ok") { k = v($0, "ids") "/" v($0, "job") "/" v($0, "backend"); eps[k] = v($0, "eps_run"); cpu[k] = v($0, "eps_per_cpu_s"); st[k] = v($0, "ckpt_max_bytes") }
  }
  END {
    print "| shape | ids | job | state | status | events | run s | events/s run | events/s wall | events per CPU s | CPU s per M events | largest checkpoint MB | Paimon written MB (result tables) | Paimon final MB | HBase rows received / written | HBase MB received (values) / written (values + keys) | largest HBase cell KB (counter / scan) | largest Paimon BYTES KB |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      l = line[i]; job = v(l, "job")
      if (v(l, "status") != "ok" && v(l, "status") != "timed_out") {  # a failed run: its rates are not a measure
        printf "| %s | %s | %s | %s | %s %s | %s |%s\n", v(l, "shape"), v(l, "ids"), job, v(l, "backend"), v(l, "status"), v(l, "reason"), v(l, "events"), " | | | | | | | | | | | |"
        continue
      }
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", v(l, "shape"), v(l, "ids"), job, v(l, "backend"),
        (v(l, "status") == "ok" ? "ok" : "timed out (" v(l, "reason") "): rates over the events read") (v(l, "warning") == "" ? "" : ", " v(l, "warning")), v(l, "events"), v(l, "run_s"), v(l, "eps_run"), v(l, "eps_wall"), v(l, "eps_per_cpu_s"), v(l, "cpu_s_per_m_events"),
        mb(v(l, "ckpt_max_bytes")), job == "app_uv" ? mb(v(l, "paimon_result_tables_added_bytes")) : "", job == "app_uv" ? mb(v(l, "paimon_result_tables_final_bytes")) : "",
        job == "app_uv" ? v(l, "hbase_rows_received") " / " v(l, "hbase_rows_written") : "", job == "app_uv" ? mb(v(l, "hbase_value_bytes_received")) " / " mb(v(l, "hbase_value_bytes_written") + v(l, "hbase_key_bytes_written")) : "",
        job == "app_uv" ? sprintf("%.1f / %.1f", v(l, "hbase_largest_cell_written") / 1024, v(l, "hbase_scan_largest_cell_bytes") / 1024) : "",
        job == "app_uv" ? sprintf("%.1f", v(l, "paimon_largest_bytes_value") / 1024) : ""
    }
    print ""
    for (k in eps) {
      split(k, p, "/"); if (p[2] != "app_uv") continue
      e = p[1] "/uv_exact/rocksdb"; t = p[1] "/passthrough/hashmap"
      if (e in eps && eps[e] > 0) printf "RATIO %s app_uv %s / uv_exact rocksdb: events/s run %.2f, events per CPU s %.2f, state %.3f\n", p[1], p[3], eps[k] / eps[e], cpu[k] / cpu[e], (st[e] > 0 ? st[k] / st[e] : 0)
      if (t in eps && eps[t] > 0) printf "RATIO %s app_uv %s / passthrough: events/s run %.2f, events per CPU s %.2f\n", p[1], p[3], eps[k] / eps[t], cpu[k] / cpu[t]
    }
    print ""
    print "Command: `" cmd "`"
  }' "$RESULTS" >"$RUN/summary.md"
{
  echo
  echo "| job run | Paimon table | role | snapshots (append/compact) | data files added | MB added | of which compaction MB | final MB | largest BYTES KB (column) | largest row KB |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  awk '
    function v(line, key,   m) { if (match(line, " " key "=[^ ]*")) { m = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m } return "" }
    /^PAIMON/ { printf "| %s | %s | %s | %s (%s/%s)%s | %s | %.2f | %.2f | %.2f | %.1f (%s) | %.1f |\n", v($0, "label"), v($0, "table"), v($0, "role"), v($0, "snapshots"), v($0, "append"), v($0, "compact"), (v($0, "missed") > 0 ? ", " v($0, "missed") " missed" : ""), v($0, "added_files"), v($0, "added_bytes") / 1048576, v($0, "compact_bytes") / 1048576, v($0, "final_data_bytes") / 1048576, v($0, "largest_bytes_value") / 1024, v($0, "largest_bytes_column"), v($0, "largest_row_bytes") / 1024 }' "$RUN/paimon.txt"
} >>"$RUN/summary.md"
cat "$RESULTS" | tee -a "$LOG" >&2
cat "$RUN/summary.md"
say "done: results $RESULTS, per-table Paimon lines $RUN/paimon.txt, summary $RUN/summary.md, job logs $RUN/*.out|err"
exit 0
}
