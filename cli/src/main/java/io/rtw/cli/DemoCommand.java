package io.rtw.cli;

import io.rtw.batch.BatchDay;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.quality.Reconciliation;
import io.rtw.runtime.ExitNotice;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.Target;
import io.rtw.runtime.WarehouseSession;
import io.rtw.stream.ExampleDay;
import io.rtw.stream.StreamRuns;
import io.rtw.connector.kafka.KafkaLines;

import org.apache.flink.types.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code rtw demo}: the example warehouse end to end on local servers. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the example warehouse end to end on this machine: starts Kafka, HBase and Flink "
                + "(rtw local up), produces a generated business day of app events (with malformed and late "
                + "ones), replays it through the stream job, prints the day's curve per channel from Paimon "
                + "and HBase beside the values expected from the generated events, then recomputes the day with "
                + "the same SQL in batch mode and compares the two.",
        footer = {"", "Examples:", "  ./rtw demo", "  ./rtw demo --events 200000 --users 50000 --day 2026-11-21"})
final class DemoCommand implements Callable<Integer> {

    private static final String TOPIC = "app_events";
    private static final String SERVING_TABLE = "rtw_uv_serving";

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Option(names = "--events", defaultValue = "50000", paramLabel = "N",
            description = "Valid events in the generated day. Default: ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--users", defaultValue = "10000", paramLabel = "N",
            description = "Distinct users to draw from. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--day", paramLabel = "yyyy-MM-dd",
            description = "The business day. Default: yesterday in the project's time zone.")
    LocalDate day;

    @Override
    public Integer call() throws Exception {
        if (events < 1 || users < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events and --users must be at least 1, got "
                    + events + " and " + users);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = project.options().home();
        Path demoHome = home.resolve("demo");
        deleteRecursively(demoHome);
        project.defaultVar("warehouse", "file://" + demoHome.resolve("warehouse"));
        project.defaultVar("kafka.group", "rtw-demo-" + System.currentTimeMillis());
        project.defaultVar("watermark.emit", "on-event"); // a replay: exact lateness, counts match the generator
        LocalDate d = day != null ? day : LocalDate.now(project.load().timeZone()).minusDays(1);
        // The demo day opens the activity, so its batch run needs no earlier day.
        project.defaultVar("activity.start", d.toString());
        Project p = project.load();

        try (ExitNotice notice = ExitNotice.whileRunning(err, "rtw: interrupted; the local servers started so far keep "
                + "running (rtw local status shows them, rtw local down stops them)")) {
            return steps(p, d, home, out, err);
        }
    }

    private int steps(Project p, LocalDate d, Path home, PrintWriter out, PrintWriter err) throws Exception {
        out.println("[1/8] starting Kafka, HBase and Flink on 127.0.0.1 (rtw local up)");
        LocalServers servers = new LocalServers(LocalSettings.defaults(home.resolve("local")));
        servers.up(EnumSet.allOf(Server.class), line -> out.println("      " + line));
        String bootstrap = p.variables().get("kafka.bootstrap").orElseThrow();
        String zookeeper = p.variables().get("hbase.zookeeper").orElseThrow();
        HBaseTables.ensure(zookeeper, SERVING_TABLE, "f");

        ExampleDay.Spec gen = new ExampleDay.Spec(d, p.timeZone(), events, users, Math.max(4, events / 2500),
                Math.max(5, events / 1500), 20261121L);
        List<ExampleDay.Message> messages = ExampleDay.generate(gen);
        out.println("[2/8] producing " + messages.size() + " messages of " + d + " to topic " + TOPIC + " ("
                + count(messages, ExampleDay.Kind.MALFORMED) + " malformed, " + count(messages, ExampleDay.Kind.LATE)
                + " late)");
        KafkaLines kafka = new KafkaLines(bootstrap);
        kafka.recreateTopic(TOPIC, 2);
        kafka.send(TOPIC, messages.stream().map(ExampleDay.Message::json).toList(),
                n -> out.println("      sent " + n));

        out.println("[3/8] replaying the day through the stream job (sql/jobs/app_uv.sql, bounded, exactly-once)");
        PrintWriter progress = indent(out);
        Path job = p.dir().resolve("jobs/app_uv.sql");
        RunOptions replay = new RunOptions(Target.local(), true, Optional.empty(), Map.of());
        StreamRuns.run(new JobRequest(p, job, Mode.STREAM, Optional.of(d), replay), project.options().secrets(),
                progress);

        out.println("[4/8] the day's cumulative curve per channel (Paimon ads.app_uv_minute), expected values in "
                + "brackets");
        WarehouseSession env = queries(p, d, job);
        Map<String, Map<LocalDateTime, long[]>> expected = expected(messages, d, p);
        TextTable curve = new TextTable("channel", "minute end", "pv", "uv (bitmap)", "uv (hll)");
        // A key has a row for each minute with events; its value at a time is its newest row up to then.
        String marks = String.join(", ", List.of(6, 12, 18, 24).stream()
                .map(h -> "(TIMESTAMP '" + d.atStartOfDay().plusHours(h).toString().replace('T', ' ') + ":00')").toList());
        for (Row r : env.rows("SELECT channel, mark, pv, uv, uv_hll FROM (SELECT u.channel, k.mark, u.pv, u.uv, "
                + "u.uv_hll, ROW_NUMBER() OVER (PARTITION BY u.channel, k.mark ORDER BY u.minute_end DESC) AS rn "
                + "FROM paimon.ads.app_uv_minute AS u, (VALUES " + marks + ") AS k(mark) "
                + "WHERE u.dt = '" + d + "' AND u.minute_end <= k.mark) WHERE rn = 1 ORDER BY channel, mark")) {
            LocalDateTime end = (LocalDateTime) r.getField(1);
            long[] exp = expected.getOrDefault((String) r.getField(0), Map.of()).getOrDefault(end, new long[2]);
            curve.row((String) r.getField(0), end.toString().replace('T', ' '), r.getField(2) + " [" + exp[0] + "]",
                    r.getField(3) + " [" + exp[1] + "]", String.format("%.0f", (Double) r.getField(4)));
        }
        curve.print(out);
        Row counts = env.rows("SELECT (SELECT COUNT(*) FROM paimon.ods.app_events_dead_letter), "
                + "(SELECT COUNT(*) FROM paimon.ods.app_events_late), (SELECT COUNT(*) FROM paimon.ods.app_events "
                + "WHERE dt = '" + d + "')").get(0);
        out.println("dead letters: " + counts.getField(0) + " [" + count(messages, ExampleDay.Kind.MALFORMED)
                + "], late records: " + counts.getField(1) + " [" + count(messages, ExampleDay.Kind.LATE)
                + "], archived for the batch run: " + counts.getField(2) + " [" + (messages.size()
                - count(messages, ExampleDay.Kind.MALFORMED)) + "]");

        out.println("[5/8] the serving row in HBase (rtw kv get " + SERVING_TABLE + " day_uv __all__ " + d + ")");
        CommandLine kv = Rtw.commandLine();
        kv.setOut(out);
        kv.setErr(err);
        kv.execute("kv", "get", "-p", p.dir().toString(), "--zookeeper", zookeeper, SERVING_TABLE, "day_uv",
                "__all__", d.toString());

        out.println("[6/8] recomputing the day in batch mode: the same sql/jobs/app_uv.sql over ods.app_events, late "
                + "records included");
        String last = "SELECT channel, pv, uv FROM (SELECT channel, pv, uv, ROW_NUMBER() OVER (PARTITION BY channel "
                + "ORDER BY minute_end DESC) AS rn FROM paimon.ads.app_uv_minute WHERE dt = '" + d + "') WHERE rn = 1";
        Map<String, Row> stream = byChannel(env.rows(last));
        // Keep the stream's result (a Paimon tag) before the batch run rewrites the day, for reconciliation.
        Reconciliation.freeze(p, project.options().secrets(), "app_uv", d, "stream");
        BatchDay.run(new JobRequest(p, job, Mode.BATCH, Optional.of(d), RunOptions.local(Map.of())),
                project.options().secrets(), progress);
        WarehouseSession after = queries(p, d, job);
        Map<String, Row> batchRows = byChannel(after.rows(last));
        Map<String, Long> late = new TreeMap<>();
        for (Row r : after.rows("SELECT channel, COUNT(*) FROM paimon.ods.app_events_late GROUP BY channel")) {
            late.put((String) r.getField(0), (Long) r.getField(1));
            late.merge("__all__", (Long) r.getField(1), Long::sum);
        }
        TextTable compare = new TextTable("channel", "pv stream", "pv batch", "pv batch - stream", "late records",
                "uv stream", "uv batch");
        batchRows.forEach((channel, b) -> {
            Row s0 = stream.get(channel);
            long pvStream = s0 == null ? 0 : (Long) s0.getField(1);
            compare.row(channel, Long.toString(pvStream), b.getField(1).toString(),
                    Long.toString((Long) b.getField(1) - pvStream), Long.toString(late.getOrDefault(channel, 0L)),
                    s0 == null ? "-" : s0.getField(2).toString(), b.getField(2).toString());
        });
        out.println("[7/8] the day's last minute per channel, stream against batch");
        compare.print(out);
        out.println("      the batch day adds exactly the late records; on-time records give identical rows in both "
                + "modes");

        out.println("[8/8] reconciling stream against batch minute by minute (rtw reconcile --metric app_uv --bizdate "
                + d + ")");
        Reconciliation r = Reconciliation.run(p, project.options().secrets(), Reconciliation.Request.of("app_uv", d));
        r.summary().lines().forEach(line -> out.println("      " + line));

        // The demo's warehouse is its own (emptied by every demo): the commands to go on name it.
        String warehouse = "--var warehouse=" + p.variables().get("warehouse").orElseThrow();
        out.println();
        out.println("The servers keep running for more, over the demo's warehouse:");
        out.println("  rtw query " + warehouse + " \"SELECT channel, MAX(uv) AS uv, MAX(pv) AS pv FROM "
                + "paimon.ads.app_uv_minute WHERE dt = '" + d + "' GROUP BY channel\"");
        out.println("  rtw reconcile " + warehouse + " --metric app_uv --bizdate " + d);
        out.println("  rtw kv get " + SERVING_TABLE + " day_uv __all__ " + d);
        out.println("Stop them with: rtw local down");
        return 0;
    }

    /** Batch queries over the warehouse's day, as the job's batch run reads it. */
    private WarehouseSession queries(Project p, LocalDate d, Path job) {
        return WarehouseSession.forQueries(p, Optional.of(d), Map.of("parallelism.default", "1"),
                project.options().secrets(), job.getFileName().toString());
    }

    /** Per channel and minute end, the exact PV and UV of on-time valid events (plain Java over the input). */
    private static Map<String, Map<LocalDateTime, long[]>> expected(List<ExampleDay.Message> messages, LocalDate d,
            Project p) {
        long start = d.atStartOfDay(p.timeZone()).toInstant().toEpochMilli();
        Map<String, List<ExampleDay.Message>> byChannel = new TreeMap<>();
        for (ExampleDay.Message m : messages) {
            if (m.kind() == ExampleDay.Kind.VALID) {
                byChannel.computeIfAbsent(m.channel(), c -> new ArrayList<>()).add(m);
                byChannel.computeIfAbsent("__all__", c -> new ArrayList<>()).add(m);
            }
        }
        Map<String, Map<LocalDateTime, long[]>> out = new HashMap<>();
        byChannel.forEach((channel, list) -> {
            list.sort(Comparator.comparingLong(ExampleDay.Message::ts));
            Map<LocalDateTime, long[]> points = new HashMap<>();
            for (int hour = 6; hour <= 24; hour += 6) {
                long end = start + hour * 3_600_000L;
                Set<Long> users = new HashSet<>();
                long pv = list.stream().filter(m -> m.ts() < end).peek(m -> users.add(m.userId())).count();
                points.put(d.atStartOfDay().plusHours(hour), new long[] {pv, users.size()});
            }
            out.put(channel, points);
        });
        return out;
    }

    private static Map<String, Row> byChannel(List<Row> rows) {
        Map<String, Row> out = new TreeMap<>();
        rows.forEach(r -> out.put((String) r.getField(0), r));
        return out;
    }

    private static long count(List<ExampleDay.Message> messages, ExampleDay.Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).count();
    }


    private static PrintWriter indent(PrintWriter out) {
        return new PrintWriter(new java.io.Writer() {
            private boolean lineStart = true;

            @Override
            public void write(char[] buf, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    if (lineStart) {
                        out.write("      ");
                    }
                    out.write(buf[i]);
                    lineStart = buf[i] == '\n';
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        }, true);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
