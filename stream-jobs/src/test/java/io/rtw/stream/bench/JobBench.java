package io.rtw.stream.bench;

import io.rtw.meta.job.JobCompiler;
import io.rtw.runtime.WarehouseSession;
import io.rtw.runtime.JobException;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.Script;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.meta.sql.Statements;
import io.rtw.stream.ExampleDay;
import io.rtw.stream.StreamRuns;
import io.rtw.connector.kafka.KafkaLines;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;

import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The job benchmark's driver (bench/jobs.sh; never run by {@code mvn verify}): produces a generated day to
 * Kafka, and runs one job file of the benchmark through the runtime ({@link StreamRuns}) on a MiniCluster with REST on a
 * fixed port, after {@code --warmup} untimed runs of the same job in the same JVM; polls REST while it runs for
 * the job's timestamps, checkpoint sizes and per-vertex busy and back-pressured time, and samples the source's
 * records out in this JVM for the steady rate. Prints one {@code RESULT key=value ...} line per run and its
 * {@code PROGRESS} samples.
 *
 * <pre>
 * JobBench produce --bootstrap=H:P --topic=T --partitions=N --events=N --users=N --day=D
 * JobBench run --mode=stream|batch --project=DIR --sql=FILE --day=D --home=DIR --label=NAME --events=N
 *              [--vars=k=v,k=v] [--rest-port=P] [--side-inserts=true|false] [--warmup=N] [--explain=true]
 *              [-Dkey=value ...]
 * </pre>
 */
public final class JobBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private JobBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> conf = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D")) {
                int eq = a.indexOf('=');
                conf.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                opts.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        switch (args[0]) {
            case "produce" -> produce(opts);
            case "run" -> run(opts, conf);
            default -> throw new IllegalArgumentException("produce or run, got " + args[0]);
        }
        System.exit(0);
    }

    private static void produce(Map<String, String> o) throws Exception {
        int events = Integer.parseInt(o.get("events"));
        ExampleDay.Spec spec = new ExampleDay.Spec(LocalDate.parse(o.get("day")), SHANGHAI, events,
                Integer.parseInt(o.get("users")), Math.max(4, events / 2500), Math.max(5, events / 1500), 20261121L);
        long t0 = System.nanoTime();
        List<ExampleDay.Message> messages = ExampleDay.generate(spec);
        long malformed = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.MALFORMED).count();
        long late = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.LATE).count();
        long distinct = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).mapToLong(ExampleDay.Message::userId)
                .distinct().count();
        KafkaLines kafka = new KafkaLines(o.get("bootstrap"));
        kafka.recreateTopic(o.get("topic"), Integer.parseInt(o.get("partitions")));
        long sent = kafka.send(o.get("topic"), messages.stream().map(ExampleDay.Message::json).toList(), n -> {
            if (n % 500_000 == 0) {
                System.err.println("sent " + n);
            }
        });
        System.out.printf(Locale.ROOT, "PRODUCED messages=%d valid=%d malformed=%d late=%d distinct_users=%d "
                + "seconds=%.1f%n", sent, events, malformed, late, distinct, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * What a driver adds to a measured run: {@link #started} just before it, {@link #finished} after it (also after
     * a failure, given its reason), returning fields for the RESULT line.
     */
    interface Hooks {
        void started() throws Exception;

        String finished(Optional<String> failure) throws Exception;
    }

    private static void run(Map<String, String> o, Map<String, String> extraConf) throws Exception {
        run(o, extraConf, null);
    }

    /** One measured run (after its warm-ups); with {@code hooks}, a failed run still prints its RESULT line. */
    static void run(Map<String, String> o, Map<String, String> extraConf, Hooks hooks) throws Exception {
        Mode mode = Mode.of(o.get("mode"));
        LocalDate day = LocalDate.parse(o.get("day"));
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : o.getOrDefault("vars", "").split(",")) {
            if (!kv.isBlank()) {
                vars.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        Project project = Project.load(Path.of(o.get("project")), new Project.Options(Optional.empty(), vars,
                Secrets.of(Map.of()), Path.of(o.get("home"))));
        int restPort = Integer.parseInt(o.getOrDefault("rest-port", "18091"));
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("rest.bind-port", String.valueOf(restPort));
        conf.put("rest.port", String.valueOf(restPort));
        if (mode == Mode.STREAM) {
            // Checkpoints every 10 s as the unbounded production job takes them (a bounded run takes none by
            // default): their cost is part of the measure and the state size is read from them.
            conf.put("execution.checkpointing.interval", "10 s");
        }
        // The source's records out, read in this JVM (ProgressReporterFactory, registered by bench/jobs.sh).
        conf.put("metrics.reporter.progress.factory.class", ProgressReporterFactory.class.getName());
        conf.putAll(extraConf);
        JobRequest spec = new JobRequest(project, Path.of(o.get("sql")), mode, Optional.of(day),
                new RunOptions(Target.local(), true, Optional.empty(), conf));
        PrintWriter progress = new PrintWriter(System.err, true);
        Runner runner = new Runner(Secrets.of(Map.of()), progress);
        String label = o.get("label");
        long events = Long.parseLong(o.getOrDefault("events", "0"));
        if (mode == Mode.BATCH && events == 0) {
            // Untimed: the rows of the day's partition, what the batch job reads.
            Row r = runner.session(spec).rows("SELECT COUNT(*) FROM app_events").get(0);
            events = (Long) r.getField(0);
        }
        boolean side = Boolean.parseBoolean(o.getOrDefault("side-inserts", "true"));
        boolean explain = Boolean.parseBoolean(o.getOrDefault("explain", "false"));
        // Warm-up runs in this JVM first (untimed), so the measured run is the steady state of a long-running job
        // rather than the JIT compiler's first minute. A stream warm-up reads the topic under its own consumer group
        // into its own warehouse; a batch warm-up reads and rewrites the same warehouse.
        int warmups = Integer.parseInt(o.getOrDefault("warmup", "0"));
        for (int w = 1; w <= warmups && !explain; w++) {
            Map<String, String> warmVars = new LinkedHashMap<>(vars);
            if (mode == Mode.STREAM) {
                String suffix = "-warmup" + w;
                warmVars.computeIfPresent("kafka.group", (k, v) -> v + suffix);
                warmVars.computeIfPresent("warehouse", (k, v) -> v + suffix);
            }
            Project warmProject = Project.load(Path.of(o.get("project")), new Project.Options(Optional.empty(),
                    warmVars, Secrets.of(Map.of()), Path.of(o.get("home"), "warmup" + w)));
            JobRequest warm = new JobRequest(warmProject, spec.file(), mode, spec.bizdate(),
                    new RunOptions(spec.options().target(), true, Optional.empty(), conf));
            long t0 = System.nanoTime();
            runOnce(runner, warm, side, false);
            System.out.printf(Locale.ROOT, "WARMUP label=%s round=%d wall_s=%.1f%n", o.get("label"), w,
                    (System.nanoTime() - t0) / 1e9);
        }
        ProgressReporterFactory.SOURCE_RECORDS_OUT.clear();
        ProgressReporterFactory.SINK_METRICS.clear();

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Poller poller = new Poller(restPort, os);
        Thread pt = new Thread(poller, "bench-rest-poller");
        pt.setDaemon(true);
        long cpu0 = os.getProcessCpuTime();
        long gc0 = gcMillis();
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long wall0 = System.currentTimeMillis();
        pt.start();
        Optional<String> failure = Optional.empty();
        int retries = 0;
        long maxSeconds = Long.parseLong(o.getOrDefault("max-seconds", "0"));
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        if (hooks != null && maxSeconds > 0) {
            // A run longer than --max-seconds is cancelled (REST), so what it did so far is still measured.
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(maxSeconds * 1000);
                    timedOut.set(true);
                    poller.cancel();
                } catch (Exception e) {
                    // the run ended first
                }
            }, "bench-max-seconds");
            watchdog.setDaemon(true);
            watchdog.start();
        }
        if (hooks != null) {
            hooks.started();
            try {
                // A server check that times out on a loaded machine runs nothing: try again, at most three times.
                for (int attempt = 1; ; attempt++) {
                    try {
                        runOnce(runner, spec, side, explain);
                        break;
                    } catch (io.rtw.runtime.JobException e) {
                        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("nothing was run")) {
                            throw e;
                        }
                        System.err.println("bench: " + e.getMessage().lines().findFirst().orElse("")
                                + "; trying again in 10 s");
                        Thread.sleep(10_000);
                        retries++;
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                failure = Optional.of((root.getClass().getSimpleName() + ": " + root.getMessage()).lines()
                        .findFirst().orElse("").replaceAll("\\s+", "_"));
            }
        } else {
            runOnce(runner, spec, side, explain);
        }
        long wall1 = System.currentTimeMillis();
        long cpu1 = os.getProcessCpuTime();
        long gc1 = gcMillis();
        long jit1 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        poller.stop = true;
        pt.join(5000);
        if (explain) {
            return;
        }

        if (timedOut.get()) {
            // Rates over what was read before the cancellation.
            failure = Optional.of("timed_out_after_" + maxSeconds + "_s");
            events = ProgressReporterFactory.sourceRecordsOut();
        }
        double wallS = (wall1 - wall0) / 1000.0;
        long running = poller.tasksStarted > 0 ? poller.tasksStarted : wall0;
        long end = poller.jobEnd > 0 ? poller.jobEnd : wall1;
        double runS = (end - running) / 1000.0;
        Steady steady = Steady.of(poller.progress, events);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "RESULT label=%s mode=%s events=%d wall_s=%.1f run_s=%.1f "
                + "eps_wall=%.0f eps_run=%.0f eps_steady=%.0f cpu_us_per_event_steady=%.2f steady_s=%.1f jit_s_steady=%.1f cpu_s=%.1f "
                + "gc_s=%.1f jit_s=%.1f ckpts=%d ckpt_last_bytes=%d ckpt_max_bytes=%d ckpt_max_checkpointed_bytes=%d "
                + "eps_per_cpu_s=%.0f cpu_s_per_m_events=%.2f",
                label, mode.id(), events, wallS, runS, events / wallS, events / runS, steady.eventsPerSecond(),
                steady.cpuMicrosPerEvent(), steady.seconds(), steady.jitSeconds(), (cpu1 - cpu0) / 1e9, (gc1 - gc0) / 1000.0,
                (jit1 - jit0) / 1000.0, poller.checkpoints, poller.lastStateSize, poller.maxStateSize,
                poller.maxCheckpointedSize, events / ((cpu1 - cpu0) / 1e9), (cpu1 - cpu0) / 1e9 / (events / 1e6)));
        if (hooks != null) {
            b.append(timedOut.get() ? " status=timed_out reason=" + failure.orElse("")
                    : failure.map(f -> " status=failed reason=" + f).orElse(" status=ok"))
                    .append(" server_check_retries=").append(retries).append(' ')
                    .append(hooks.finished(failure));
        }
        System.out.println(b);
        poller.progress.forEach(p -> System.out.printf(Locale.ROOT, "PROGRESS label=%s ms=%d records=%d cpu_ms=%d jit_ms=%d%n",
                label, p.millis() - running, p.records(), p.cpuNanos() / 1_000_000, p.jitMillis()));
        poller.vertices.forEach((id, v) -> System.out.printf(Locale.ROOT,
                "VERTEX label=%s busy_pct=%.0f backpressured_pct=%.0f samples=%d name=%s%n", label,
                v.samples == 0 ? 0 : v.busy / v.samples / 10, v.samples == 0 ? 0 : v.backPressured / v.samples / 10,
                v.samples, v.name.replaceAll("\\s+", " ").substring(0, Math.min(160, v.name.length()))));
    }

    /** The job as {@code rtw run} runs it with {@code side}, else {@link #runWithoutSideInserts}. */
    /** Runs a benchmark's job as rtw run does, or opens a session of its meta-tables. */
    private record Runner(Secrets secrets, PrintWriter progress) {
        void run(JobRequest spec) {
            StreamRuns.run(spec, secrets, progress);
        }

        /** A session of the meta-tables in the job's mode, its sources bounded as in a run. */
        WarehouseSession session(JobRequest spec) {
            return WarehouseSession.open(JobCompiler.create().tables(spec.project(), spec.mode(), spec.bizdate(),
                    spec.mode() == Mode.STREAM && spec.options().bounded()), spec.mode() == Mode.STREAM,
                    spec.options(), secrets, spec.file().getFileName().toString());
        }
    }

    private static void runOnce(Runner runner, JobRequest spec, boolean side, boolean explain) throws Exception {
        if (side && !explain) {
            runner.run(spec);
        } else {
            runWithoutSideInserts(runner, spec, explain);
        }
    }

    /** The job file's inserts alone (no dead-letter, late or archive inserts), or their plan with {@code explain}. */
    private static void runWithoutSideInserts(Runner runner, JobRequest spec, boolean explain) throws Exception {
        SqlTemplate.Context ctx = new SqlTemplate.Context(spec.mode(), spec.bizdate(), spec.project().variables(),
                spec.project().tables());
        Script job = SqlTemplate.render(spec.file(), ctx);
        TableEnvironment env = runner.session(spec).env();
        StatementSet set = env.createStatementSet();
        for (String statement : job.statements()) {
            String code = Statements.withoutComments(statement).strip();
            if (code.regionMatches(true, 0, "INSERT", 0, 6)) {
                set.addInsertSql(statement);
            } else {
                env.executeSql(statement);
            }
        }
        if (explain) {
            System.out.println(set.explain());
            return;
        }
        TableResult result = set.execute();
        result.await();
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    /**
     * One sample of the source's progress: when, the records its operator emitted, the process's CPU time and the JIT
     * compiler's accumulated time.
     */
    record Progress(long millis, long records, long cpuNanos, long jitMillis) {}

    /**
     * The rate while the job reads at full speed: from the first sample at or above 20% of the events to the last at
     * or below 90%, so the deployment, the code's warm-up and the last windows' firing at the end are left out.
     */
    record Steady(double eventsPerSecond, double cpuMicrosPerEvent, double seconds, double jitSeconds) {
        static Steady of(List<Progress> progress, long events) {
            Progress first = null;
            Progress last = null;
            for (Progress p : progress) {
                if (p.records() >= events * 0.2 && p.records() <= events * 0.9) {
                    first = first == null ? p : first;
                    last = p;
                }
            }
            if (first == null || last.millis() - first.millis() < 1000) {
                return new Steady(0, 0, 0, 0);
            }
            long n = last.records() - first.records();
            double s = (last.millis() - first.millis()) / 1000.0;
            return new Steady(n / s, (last.cpuNanos() - first.cpuNanos()) / 1000.0 / n, s,
                    (last.jitMillis() - first.jitMillis()) / 1000.0);
        }
    }

    /**
     * A metric reporter that keeps the source operators' {@code numRecordsOut} counters of the MiniCluster running in
     * this JVM, so that the driver reads the source's progress at any rate without the REST metric fetcher's cost.
     */
    public static final class ProgressReporterFactory implements MetricReporterFactory {

        private static final List<Counter> SOURCE_RECORDS_OUT = new CopyOnWriteArrayList<>();
        /** The rtw sinks' own metrics ({@code hbase...} of the HBase sink writer), by name, of every subtask. */
        static final List<Map.Entry<String, Metric>> SINK_METRICS = new CopyOnWriteArrayList<>();

        /** A sink metric summed over subtasks (counters), or its largest value (gauges). */
        static long sinkMetric(String name) {
            long n = 0;
            for (Map.Entry<String, Metric> e : SINK_METRICS) {
                if (!e.getKey().equals(name)) {
                    continue;
                }
                if (e.getValue() instanceof Counter c) {
                    n += c.getCount();
                } else if (e.getValue() instanceof org.apache.flink.metrics.Gauge<?> g
                        && g.getValue() instanceof Number v) {
                    n = Math.max(n, v.longValue());
                }
            }
            return n;
        }

        static long sourceRecordsOut() {
            long n = 0;
            for (Counter c : SOURCE_RECORDS_OUT) {
                n += c.getCount();
            }
            return n;
        }

        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricReporter() {
                @Override
                public void open(MetricConfig config) {}

                @Override
                public void close() {}

                @Override
                public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                    if (metric instanceof Counter counter && name.equals("numRecordsOut")
                            && group.getAllVariables().getOrDefault("<operator_name>", "").startsWith("Source")) {
                        SOURCE_RECORDS_OUT.add(counter);
                    } else if (name.startsWith("hbase")) {
                        SINK_METRICS.add(Map.entry(name, metric));
                    }
                }

                @Override
                public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
            };
        }
    }

    /** One vertex's sampled busy and back-pressured time (ms per second, summed over samples). */
    static final class VertexStats {
        String name;
        double busy;
        double backPressured;
        int samples;
    }

    /**
     * Samples the source's progress 10 times a second and polls the MiniCluster's REST API once a second while the job
     * runs; keeps the last values it saw.
     */
    static final class Poller implements Runnable {
        final int port;
        final com.sun.management.OperatingSystemMXBean os;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        volatile boolean stop;
        String jobId;
        long tasksStarted;
        long jobEnd;
        long checkpoints;
        long lastStateSize;
        long maxStateSize;
        long maxCheckpointedSize;
        final Map<String, VertexStats> vertices = new LinkedHashMap<>();
        final List<Progress> progress = new ArrayList<>();

        Poller(int port, com.sun.management.OperatingSystemMXBean os) {
            this.port = port;
            this.os = os;
        }

        @Override
        public void run() {
            for (long round = 0; !stop; round++) {
                long records = ProgressReporterFactory.sourceRecordsOut();
                if (records > 0) {
                    progress.add(new Progress(System.currentTimeMillis(), records, os.getProcessCpuTime(),
                            ManagementFactory.getCompilationMXBean().getTotalCompilationTime()));
                }
                try {
                    if (round % 10 == 0) {
                        poll();
                    }
                } catch (Exception e) {
                    // The cluster is not up yet or already gone: keep what was seen.
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Cancels the job (REST {@code PATCH /jobs/:id?mode=cancel}). */
        void cancel() throws Exception {
            if (jobId != null) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs/" + jobId
                        + "?mode=cancel")).timeout(Duration.ofSeconds(10))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " -> " + r.statusCode());
            }
            return JSON.readTree(r.body());
        }

        private void poll() throws Exception {
            if (jobId == null) {
                for (JsonNode j : get("/jobs/overview").path("jobs")) {
                    jobId = j.path("jid").asText();
                }
                if (jobId == null) {
                    return;
                }
            }
            JsonNode job = get("/jobs/" + jobId);
            String state = job.path("state").asText();
            long started = 0;
            boolean allRunning = true;
            List<String> ids = new ArrayList<>();
            for (JsonNode v : job.path("vertices")) {
                started = Math.max(started, v.path("start-time").asLong());
                allRunning &= v.path("start-time").asLong() > 0;
                ids.add(v.path("id").asText());
                vertices.computeIfAbsent(v.path("id").asText(), k -> new VertexStats()).name = v.path("name").asText();
            }
            if (allRunning && tasksStarted == 0) {
                tasksStarted = started;
            }
            if (job.path("end-time").asLong() > 0) {
                jobEnd = job.path("end-time").asLong();
            }
            JsonNode cps = get("/jobs/" + jobId + "/checkpoints");
            checkpoints = cps.path("counts").path("completed").asLong();
            JsonNode latest = cps.path("latest").path("completed");
            if (!latest.isMissingNode() && !latest.isNull()) {
                lastStateSize = latest.path("state_size").asLong();
            }
            maxStateSize = Math.max(maxStateSize, cps.path("summary").path("state_size").path("max").asLong());
            maxCheckpointedSize = Math.max(maxCheckpointedSize,
                    cps.path("summary").path("checkpointed_size").path("max").asLong());
            if (!state.equals("RUNNING")) {
                return;
            }
            for (String id : ids) {
                JsonNode m = get("/jobs/" + jobId + "/vertices/" + id
                        + "/subtasks/metrics?get=busyTimeMsPerSecond,backPressuredTimeMsPerSecond");
                double busy = -1;
                double bp = -1;
                for (JsonNode metric : m) {
                    if (metric.path("id").asText().equals("busyTimeMsPerSecond")) {
                        busy = metric.path("avg").asDouble(-1);
                    } else {
                        bp = metric.path("avg").asDouble(-1);
                    }
                }
                if (busy >= 0 && bp >= 0 && !Double.isNaN(busy)) {
                    VertexStats s = vertices.get(id);
                    s.busy += busy;
                    s.backPressured += bp;
                    s.samples++;
                }
            }
        }
    }
}
