package io.rtw.stream.bench;

import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.local.ServerStatus;
import io.rtw.meta.Project;
import io.rtw.connector.kafka.KafkaLines;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The scale benchmark's driver (bench/scale.sh; never run by {@code mvn verify}). Subcommands:
 *
 * <pre>
 * servers-up --work-dir=D --kafka-port=P --zookeeper-port=P [--owner=PID]  Kafka and HBase on their own ports
 * servers-down --work-dir=D
 * project --from=DIR --to=DIR [--user-id-type=STRING] [--watermark-delay=5s] [--kv-options=k=v;k=v] [--vars=...]
 * kv-recreate --project=DIR --home=DIR [--vars=...]                          the project's HBase tables, empty
 * produce --bootstrap=H:P --topic=T --partitions=N --events=N --users=N --keys=N [--key-skew=S] [--ids=string]
 *         --day=D [--seed=N]                                                  one generated day, streamed
 * run ... (JobBench run's options) [--hbase-scan=true] [--archive-rows-expected=N]   one job, sinks measured
 * </pre>
 *
 * A run prints JobBench's RESULT line with the sink measures appended ({@code paimon_*}, {@code hbase_*}), then one
 * {@code PAIMON} line per table of the run's warehouse.
 */
public final class ScaleBench {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private ScaleBench() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs a = BenchArgs.parse(argv);
        switch (a.command()) {
            case "servers-up" -> serversUp(a);
            case "servers-down" -> servers(a).down(EnumSet.of(Server.KAFKA, Server.HBASE), System.err::println);
            case "project" -> project(a);
            case "kv-recreate" -> kvRecreate(a);
            case "produce" -> produce(a);
            case "run" -> run(a);
            default -> throw new IllegalArgumentException("unknown subcommand " + a.command());
        }
        System.exit(0);
    }

    private static LocalServers servers(BenchArgs a) {
        int kafka = (int) a.getLong("kafka-port", 29092);
        int zk = (int) a.getLong("zookeeper-port", 29181);
        // Flink is not started: its two ports only need to differ from the others.
        LocalSettings s = new LocalSettings(Path.of(a.get("work-dir")), kafka, (int) a.getLong("kafka-controller-port",
                kafka + 1), zk, (int) a.getLong("hbase-master-port", 29600), (int) a.getLong("hbase-regionserver-port",
                29620), 29681, 29682, 1, Duration.ofSeconds(180), OptionalLong.empty());
        if (a.options().containsKey("owner")) {
            s = s.withOwner(Long.parseLong(a.get("owner")));
        }
        return new LocalServers(s);
    }

    private static void serversUp(BenchArgs a) {
        LocalServers servers = servers(a);
        List<ServerStatus> st = servers.up(EnumSet.of(Server.KAFKA, Server.HBASE), System.err::println);
        StringBuilder b = new StringBuilder("SERVERS");
        for (ServerStatus s : st) {
            b.append(' ').append(s.server().id()).append("_pid=").append(s.pids().isEmpty() ? "-" : s.pids().get(0));
        }
        b.append(" kafka=").append(servers.settings().kafkaBootstrapServers()).append(" hbase_zookeeper=")
                .append(LocalSettings.HOST).append(':').append(servers.settings().zookeeperPort());
        System.out.println(b);
    }

    private static void project(BenchArgs a) throws Exception {
        Optional<String> idType = Optional.ofNullable(a.options().get("user-id-type"));
        Optional<String> delay = Optional.ofNullable(a.options().get("watermark-delay"));
        Map<String, String> kv = new LinkedHashMap<>();
        for (String kvs : a.get("kv-options", "").split(";")) {
            if (!kvs.isBlank()) {
                kv.put(kvs.substring(0, kvs.indexOf('=')).strip(), kvs.substring(kvs.indexOf('=') + 1).strip());
            }
        }
        Path to = Path.of(a.get("to"));
        List<String> changes = BenchProject.copy(Path.of(a.get("from")), to, idType, delay, kv);
        Project p = BenchProject.load(to, a.vars(), to.resolveSibling(to.getFileName() + "-home"));
        BenchProject.check(p, idType, delay, kv);
        System.out.println("PROJECT dir=" + to + " changes=[" + String.join("; ", changes) + "]");
    }

    private static void kvRecreate(BenchArgs a) throws Exception {
        Project p = BenchProject.load(Path.of(a.get("project")), a.vars(), Path.of(a.get("home")));
        for (BenchProject.KvTable t : BenchProject.hbaseTables(p)) {
            try (HBaseWatch h = new HBaseWatch(t.quorum())) {
                h.recreate(t.hbaseTable(), t.family());
            }
            System.out.println("KV table=" + t.hbaseTable() + " family=" + t.family() + " quorum=" + t.quorum()
                    + " (meta-table " + t.metaTable() + "): created empty");
        }
    }

    private static void produce(BenchArgs a) throws Exception {
        BenchDay.Shape shape = new BenchDay.Shape(a.getLong("events", 20_000), (int) a.getLong("users", 10_000),
                (int) a.getLong("keys", 4), a.getDouble("key-skew", 0), a.get("ids", "bigint").equals("string"),
                a.getLong("seed", 20261121L));
        LocalDate day = LocalDate.parse(a.get("day"));
        BenchDay gen = new BenchDay(shape);
        BenchDay.Counts counts = new BenchDay.Counts();
        long t0 = System.nanoTime();
        KafkaLines kafka = new KafkaLines(a.get("bootstrap"));
        kafka.recreateTopic(a.get("topic"), (int) a.getLong("partitions", 2));
        long sent = kafka.send(a.get("topic"), gen.day(day, SHANGHAI, counts), n -> {
            if (n % 1_000_000 == 0) {
                System.err.println("sent " + n);
            }
        });
        long top = 0;
        for (long k : counts.perKey) {
            top = Math.max(top, k);
        }
        System.out.printf(Locale.ROOT, "PRODUCED messages=%d valid=%d malformed=%d late=%d distinct_users=%d "
                + "keys_with_events=%d top_key_events=%d %s seconds=%.1f%n", sent, counts.valid, counts.malformed,
                counts.late, counts.users.cardinality(), java.util.Arrays.stream(counts.perKey).filter(k -> k > 0)
                        .count(), top, shape.describe(), (System.nanoTime() - t0) / 1e9);
    }

    private static void run(BenchArgs a) throws Exception {
        Map<String, String> vars = a.vars();
        String warehouse = vars.get("warehouse");
        Project project = BenchProject.load(Path.of(a.get("project")), vars, Path.of(a.get("home")));
        List<String> side = BenchProject.sideTables(project);
        boolean scan = Boolean.parseBoolean(a.get("hbase-scan", "true"));
        String label = a.get("label");
        PaimonWatch paimon = new PaimonWatch(warehouse);
        Thread[] poller = new Thread[1];
        List<String> paimonLines = new java.util.ArrayList<>();
        JobBench.run(a.options(), a.flink(), new JobBench.Hooks() {
            private volatile boolean stop;

            @Override
            public void started() {
                poller[0] = new Thread(() -> {
                    while (!stop) {
                        try {
                            paimon.poll();
                        } catch (RuntimeException e) {
                            // a table being created or a snapshot being written: the next poll reads it
                        }
                        try {
                            Thread.sleep(5_000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-paimon-poller");
                poller[0].setDaemon(true);
                poller[0].start();
            }

            @Override
            public String finished(Optional<String> failure) throws Exception {
                stop = true;
                poller[0].interrupt();
                poller[0].join(30_000);
                List<String> report = paimon.report(label, side);
                paimonLines.addAll(report.subList(1, report.size()));
                StringBuilder b = new StringBuilder(report.get(0));
                // A bounded run with checkpoints can lose the last data of one Paimon writer at the end of input
                // (apache/paimon#9236, docs/cli.md): the archive, which must hold every valid and late record, shows it.
                long expected = a.getLong("archive-rows-expected", -1);
                for (String archive : BenchProject.archiveTables(project)) {
                    long rows = paimon.rows(archive);
                    b.append(" archive_rows=").append(rows).append(" archive_rows_expected=").append(expected);
                    if (failure.isEmpty() && expected >= 0 && rows >= 0 && rows != expected) {
                        b.append(" warning=paimon_lost_").append(expected - rows).append("_archive_rows");
                    }
                }
                b.append(String.format(Locale.ROOT, " hbase_rows_received=%d hbase_value_bytes_received=%d "
                                + "hbase_rows_written=%d hbase_cells_written=%d hbase_value_bytes_written=%d "
                                + "hbase_key_bytes_written=%d hbase_largest_cell_written=%d",
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseRowsReceived"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseValueBytesReceived"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseRowsWritten"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseCellsWritten"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseValueBytesWritten"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseKeyBytesWritten"),
                        JobBench.ProgressReporterFactory.sinkMetric("hbaseLargestCellBytes")));
                if (scan) {
                    for (BenchProject.KvTable t : BenchProject.hbaseTables(project)) {
                        try (HBaseWatch h = new HBaseWatch(t.quorum())) {
                            b.append(' ').append(h.largestCell(t.hbaseTable()));
                        }
                    }
                }
                return b.toString();
            }
        });
        paimonLines.forEach(System.out::println);
        paimon.close();
    }
}
