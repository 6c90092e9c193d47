# Shared by bench/scale.sh and bench/freshness.sh (sourced, not run): the build of the drivers and how they are run.
# Needs ROOT, RUN, M2 and LOG set.

# bench_build BUILD: with BUILD=1 installs the modules the drivers need into $M2 (the HBase sink's counters live in
# rtw-kv-hbase); then writes the stream-jobs test classpath and compiles the drivers (stream-jobs test sources,
# package io.rtw.stream.bench) into $RUN/classes, apart from target/ so a concurrent build cannot remove them.
bench_build() {
  if [[ $1 == 1 ]]; then
    say "building (mvn -o install -pl stream-jobs -am -DskipTests, repository $M2)"
    (cd "$ROOT" && mvn -B -ntp -o -q -Dstyle.color=never -Dmaven.repo.local="$M2" -pl stream-jobs -am install -DskipTests) >>"$LOG" 2>&1
  fi
  (cd "$ROOT" && mvn -B -ntp -o -q -Dstyle.color=never -Dmaven.repo.local="$M2" -pl stream-jobs dependency:build-classpath \
      -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test) >>"$LOG" 2>&1
  CLASSES="$RUN/classes"
  mkdir -p "$CLASSES/META-INF/services"
  cp -r "$ROOT/stream-jobs/target/classes/." "$CLASSES/"
  cp "$ROOT/stream-jobs/target/bench.cp" "$RUN/bench.cp"
  javac -nowarn -d "$CLASSES" -cp "$CLASSES:$(cat "$RUN/bench.cp")" \
      "$ROOT"/stream-jobs/src/test/java/io/rtw/stream/bench/*.java
  # The driver's metric reporter (source progress, HBase sink counters), found by Flink's ServiceLoader.
  echo 'io.rtw.stream.bench.JobBench$ProgressReporterFactory' \
      >"$CLASSES/META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory"
  # The RocksDB state backend, as on the CLI's runtime classpath (rtw run -D state.backend.type=rocksdb).
  ROCKS="$M2/org/apache/flink/flink-statebackend-rocksdb/2.1.1/flink-statebackend-rocksdb-2.1.1.jar:$M2/com/ververica/frocksdbjni/8.10.0-ververica-1.0/frocksdbjni-8.10.0-ververica-1.0.jar"
}

# bench_java HEAP MAIN ARGS...: a driver JVM (io.rtw.stream.bench.MAIN) with the options rtw's launcher gives. With
# BENCH_EXEC=1 the JVM replaces the calling (sub)shell, so `BENCH_EXEC=1 bench_java ... &` leaves the JVM's pid in $!.
bench_java() {
  local heap="$1" main="$2"; shift 2
  # shellcheck disable=SC2086 # word splitting of the extra options is intended
  ${BENCH_EXEC:+exec} java -Xmx"$heap" -XX:+UseParallelGC ${RTW_BENCH_JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$ROOT/stream-jobs/src/test/resources/log4j2-test.properties" \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED \
    -cp "$CLASSES:$(cat "$RUN/bench.cp"):$ROCKS" "io.rtw.stream.bench.$main" "$@"
}

# cpu_s PID: CPU seconds of process PID so far (0 if it is gone).
cpu_s() {
  [[ -r /proc/$1/stat ]] || { echo 0; return; }
  awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"
}
