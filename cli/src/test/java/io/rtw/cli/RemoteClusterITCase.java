package io.rtw.cli;

import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.stream.ExampleDay;
import io.rtw.connector.kafka.KafkaLines;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rtw run --target HOST:PORT} and {@code rtw jobs} against the standalone Flink cluster of
 * {@code rtw local up} (a JobManager and a TaskManager with nothing but Flink on their class path): a stream
 * job of the example warehouse is submitted, listed, savepointed, stopped with a savepoint while input keeps
 * arriving, and resumed from that savepoint; its per-channel PV and exact UV, the archive and the dead letters
 * then equal plain Java over everything produced: nothing lost, nothing counted twice.
 */
class RemoteClusterITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @TempDir static Path home;
    static LocalServers flink;
    static String target;
    static List<ExampleDay.Message> messages;

    /** The commands' output, in order, for the assertions on each step. */
    static final Map<String, RtwTest.Run> STEPS = new TreeMap<>();
    static String firstJob;
    static String secondJob;
    static Path savepoint;
    static Path stopSavepoint;
    static RtwTest.Run unknown;
    static RtwTest.Run unknownSavepoint;
    static RtwTest.Run interrupted;
    static String interruptedJob;
    static RtwTest.Run afterInterrupt;
    static ChannelPvJob job;

    @BeforeAll
    static void submitSavepointStopAndResume() throws Exception {
        flink = new LocalServers(LocalSettings.randomPorts(home.resolve("local")).withOwner(ProcessHandle.current().pid())
                .withStartTimeout(Duration.ofMinutes(3)));
        flink.up(EnumSet.of(Server.FLINK), line -> { });
        target = "127.0.0.1:" + flink.settings().flinkRestPort();
        job = new ChannelPvJob(KAFKA.bootstrapServers(), home.resolve("warehouse"), "remote-it");

        messages = ExampleDay.generate(new ExampleDay.Spec(DAY, ZoneId.of("Asia/Shanghai"), 1500, 300, 9, 0, 3L));
        int third = messages.size() / 3;
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);
        ChannelPvJob.send(kafka, messages.subList(0, third));

        RtwTest.Run run = step("1 run", rtw("run", ChannelPvJob.FILE, "--mode", "stream",
                "--bizdate", DAY.toString(), "--target", target));
        firstJob = jobId(run);
        ChannelPvJob.await(() -> job.pv() == ChannelPvJob.valid(messages.subList(0, third)));
        step("2 list", rtw("jobs", "list", "--target", target));
        savepoint = Path.of(step("3 savepoint", rtw("jobs", "savepoint", firstJob, home.resolve("savepoints").toUri()
                .toString(), "--target", target)).out().strip().replaceFirst("^file:", ""));

        ChannelPvJob.send(kafka, messages.subList(third, 2 * third));
        // Without a directory: the cluster's default, which rtw local up sets under its work directory.
        stopSavepoint = Path.of(step("4 stop", rtw("jobs", "stop", firstJob, "--target", target)).out().strip()
                .replaceFirst("^file:", ""));

        ChannelPvJob.send(kafka, messages.subList(2 * third, messages.size()));
        secondJob = jobId(step("5 resume", rtw("run", ChannelPvJob.FILE, "--mode", "stream",
                "--bizdate", DAY.toString(), "--target", target, "--from-savepoint", stopSavepoint.toUri().toString())));
        ChannelPvJob.await(() -> job.pv() >= ChannelPvJob.valid(messages));
        step("6 list", rtw("jobs", "list", "--target", target));
        step("7 cancel", rtw("jobs", "cancel", secondJob, "--target", target));
        unknown = rtw("jobs", "cancel", firstJob.replaceAll("[0-9a-f]", "0"), "--target", target);
        unknownSavepoint = rtw("jobs", "savepoint", firstJob.replaceAll("[0-9a-f]", "0"),
                home.resolve("savepoints").toUri().toString(), "--target", target);

        // A bounded run waits for its job; more parallelism than the cluster has slots keeps the job waiting for
        // them, so the interrupt surely comes while the run waits. Its own warehouse and group: nothing is read.
        ChannelPvJob waiting = new ChannelPvJob(KAFKA.bootstrapServers(), home.resolve("warehouse-interrupted"),
                "remote-it-interrupted");
        List<String> args = new ArrayList<>(List.of("run", ChannelPvJob.FILE, "--mode", "stream", "--bounded",
                "--bizdate", DAY.toString(), "--target", target, "-D", "parallelism.default=64"));
        args.addAll(waiting.projectOptions());
        interrupted = interruptOnceSubmitted(args);
        interruptedJob = jobId(interrupted);
        afterInterrupt = step("8 list", rtw("jobs", "list", "--target", target));
        step("9 cancel", rtw("jobs", "cancel", interruptedJob, "--target", target));
    }

    @AfterAll
    static void stopFlink() {
        if (flink != null) {
            flink.down(EnumSet.of(Server.FLINK), line -> { });
        }
    }

    @Test
    void everyStepSucceeded() {
        STEPS.forEach((name, run) -> assertThat(run.code()).as("%s: %s", name, run.err()).isZero());
        assertThat(STEPS.get("1 run").err()).contains("submitted job " + firstJob + " (4 inserts) to " + target)
                .contains("running job " + firstJob);
        assertThat(STEPS.get("7 cancel").out()).isEqualTo("cancelled " + secondJob + "\n");
    }

    @Test
    void jobsListShowsTheRunningJobAndTheStoppedOne() {
        assertThat(ChannelPvJob.line(STEPS.get("2 list").out(), firstJob)).contains("RUNNING")
                .contains("rtw channel_pv.sql [stream]");
        assertThat(ChannelPvJob.line(STEPS.get("6 list").out(), secondJob)).contains("RUNNING");
        assertThat(ChannelPvJob.line(STEPS.get("6 list").out(), firstJob)).contains("FINISHED");
    }

    @Test
    void bothSavepointsAreWritten() {
        assertThat(savepoint.resolve("_metadata")).isRegularFile();
        assertThat(stopSavepoint.resolve("_metadata")).isRegularFile();
        assertThat(savepoint).startsWith(home.resolve("savepoints"));
        assertThat(stopSavepoint).startsWith(home.resolve("local").resolve("flink").resolve("savepoints"));
    }

    @Test
    void aJobTheClusterDoesNotKnowIsAUserErrorInOneLine() {
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("rtw: the cluster at http://" + target + " refused PATCH /jobs/"
                + "0".repeat(32) + "?mode=cancel: Job could not be found.\n");
        assertThat(unknownSavepoint.code()).isEqualTo(1);
        assertThat(unknownSavepoint.err()).isEqualTo("rtw: the cluster at http://" + target + " could not take a "
                + "savepoint of " + "0".repeat(32) + ": Could not find Flink job (" + "0".repeat(32) + ")\n");
    }

    @Test
    void ctrlCOnARunThatWaitsSaysTheJobKeepsRunningAndHowToStopIt() {
        assertThat(interrupted.code()).as(interrupted.err()).isEqualTo(143);
        assertThat(interrupted.err()).contains("rtw: interrupted; job " + interruptedJob + " keeps running on the "
                + "cluster at " + target + " (rtw jobs cancel " + interruptedJob + " --target " + target + " stops it)");
        assertThat(ChannelPvJob.line(afterInterrupt.out(), interruptedJob)).contains("RUNNING");
    }

    @Test
    void perChannelPvAndUvEqualTheOracleOverEverythingProduced() {
        assertThat(job.query("SELECT channel, pv, uv FROM paimon.ads.channel_pv ORDER BY channel"))
                .isEqualTo(ChannelPvJob.expectedRows(messages));
    }

    @Test
    void theArchiveAndTheDeadLettersHoldEveryRecordOnce() throws Exception {
        long valid = ChannelPvJob.valid(messages);
        long malformed = messages.stream().filter(m -> m.kind() == ExampleDay.Kind.MALFORMED).count();
        assertThat(job.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM paimon.ods.app_events"))
                .containsExactly(valid + "," + valid);
        assertThat(job.query("SELECT COUNT(*), COUNT(DISTINCT `offset` * 10 + `partition`) FROM "
                + "paimon.ods.app_events_dead_letter")).containsExactly(malformed + "," + malformed);
    }

    /** Runs {@code rtw} with the example project, this test's warehouse, Kafka group and checkpoint directory. */
    private static RtwTest.Run rtw(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        if (args[0].equals("run")) {
            all.addAll(job.projectOptions());
            all.addAll(List.of("-D", "execution.checkpointing.interval=1 s",
                    "-D", "execution.checkpointing.dir=" + home.resolve("checkpoints").toUri()));
        }
        return args[0].equals("run") ? ChannelPvJob.launch(home, all) : RtwTest.run(all.toArray(String[]::new));
    }

    /** Runs {@code rtw} in a JVM of its own, sends SIGTERM (as Ctrl-C does) once it has submitted, and waits. */
    private static RtwTest.Run interruptOnceSubmitted(List<String> args) throws Exception {
        Path out = Files.createTempFile(home, "rtw-", ".out");
        Path err = Files.createTempFile(home, "rtw-", ".err");
        Process p = new ProcessBuilder(ChannelPvJob.javaCommand(args)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            ChannelPvJob.await(() -> {
                assertThat(p.isAlive()).as("rtw run is running: %s", Files.readString(err)).isTrue();
                return ChannelPvJob.SUBMITTED.matcher(Files.readString(err)).find();
            });
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).as("rtw run ended within a minute of SIGTERM").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new RtwTest.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static RtwTest.Run step(String name, RtwTest.Run run) {
        STEPS.put(name, run);
        assertThat(run.code()).as("%s: %s", name, run.err()).isZero();
        return run;
    }

    private static String jobId(RtwTest.Run run) {
        return ChannelPvJob.submitted(run);
    }
}
