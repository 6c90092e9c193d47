package io.rtw.cli;

import io.rtw.stream.ExampleDay;
import io.rtw.connector.kafka.KafkaLines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small stream job {@code channel_pv.sql} of the example project, run by {@code rtw} in a process of its own
 * against a test's Kafka and warehouse: what the tests that stop, savepoint and resume it share.
 */
final class ChannelPvJob {

    /** The line of {@code rtw run} that names the job it submitted. */
    static final Pattern SUBMITTED = Pattern.compile("submitted job ([0-9a-f]{32})");

    /** The job file, relative to the module. */
    static final String FILE = "src/test/resources/remote/channel_pv.sql";

    private final String bootstrapServers;
    private final Path warehouse;
    private final String group;

    /** The job over the example project with these servers, this warehouse and this Kafka consumer group. */
    ChannelPvJob(String bootstrapServers, Path warehouse, String group) {
        this.bootstrapServers = bootstrapServers;
        this.warehouse = warehouse;
        this.group = group;
    }

    /** The project options of every {@code rtw run} and {@code rtw query} of the test. */
    List<String> projectOptions() {
        return List.of("-p", "../sql", "--var", "kafka.bootstrap=" + bootstrapServers, "--var",
                "warehouse=" + warehouse.toUri(), "--var", "kafka.group=" + group, "--var", "watermark.emit=on-event");
    }

    /**
     * The command line that runs {@code rtw args} in a JVM of its own, as a user does: a job resumed from a savepoint
     * is planned in a process that planned nothing before, as the first run was (operator uids number the planner's
     * nodes; rtw numbers each plan it submits from the start, which JobOperatorsITCase holds to).
     */
    static List<String> javaCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dlog4j2.configurationFile=log4j2-test.properties", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs {@code rtw args} in a JVM of its own ({@link #javaCommand}), its output in {@code dir}, and waits for it. */
    static RtwTest.Run launch(Path dir, List<String> args) throws Exception {
        Path out = Files.createTempFile(dir, "rtw-", ".out");
        Path err = Files.createTempFile(dir, "rtw-", ".err");
        Process p = new ProcessBuilder(javaCommand(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        try {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("rtw %s finished within 3 minutes", args).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new RtwTest.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The id of the job a run submitted, as it says. */
    static String submitted(RtwTest.Run run) {
        Matcher m = SUBMITTED.matcher(run.err());
        assertThat(m.find()).as("a submitted job in: %s", run.err()).isTrue();
        return m.group(1);
    }

    /** The line of a job in {@code rtw jobs list}'s table. */
    static String line(String table, String jobId) {
        return table.lines().filter(l -> l.contains(jobId)).findFirst().orElse("no line with " + jobId + " in:\n" + table);
    }

    /** The rows of a batch query over the warehouse, as CSV lines without the header. */
    List<String> query(String sql) {
        List<String> args = new ArrayList<>(List.of("query", "--format", "csv", sql));
        args.addAll(projectOptions());
        RtwTest.Run r = RtwTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as("rtw query %s: %s", sql, r.err()).isZero();
        return r.out().lines().skip(1).toList();
    }

    /** The PV of all channels in Paimon so far (committed by the job's checkpoints). */
    long pv() {
        List<String> rows = query("SELECT COALESCE(SUM(pv), 0) FROM paimon.ads.channel_pv");
        return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0));
    }

    /** The job's rows expected over {@code messages}, as {@link #query} prints them ordered by channel. */
    static List<String> expectedRows(List<ExampleDay.Message> messages) {
        Map<String, long[]> pv = new TreeMap<>();
        Map<String, Set<Long>> users = new TreeMap<>();
        for (ExampleDay.Message m : messages) {
            if (m.kind() == ExampleDay.Kind.VALID) {
                pv.computeIfAbsent(m.channel(), c -> new long[1])[0]++;
                users.computeIfAbsent(m.channel(), c -> new HashSet<>()).add(m.userId());
            }
        }
        List<String> rows = new ArrayList<>();
        pv.forEach((c, v) -> rows.add(c + "," + v[0] + "," + users.get(c).size()));
        return rows;
    }

    static void send(KafkaLines kafka, List<ExampleDay.Message> batch) throws Exception {
        kafka.send("app_events", batch.stream().map(ExampleDay.Message::json).toList(), n -> { });
    }

    static long valid(List<ExampleDay.Message> batch) {
        return batch.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).count();
    }

    /** Polls {@code check} every second until it holds, for at most 120 s. */
    static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.done()) {
            assertThat(System.nanoTime()).as("the job's rows in Paimon within 120 s").isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    /** A condition polled until it holds. */
    interface Check {
        boolean done() throws Exception;
    }
}
