package io.rtw.cli;

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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a stream job that {@code rtw run} runs on its local cluster until stopped: the job stops with a
 * savepoint and the run says how to resume; a run resumed from it goes on with the first run's state, so the
 * per-channel PV and exact UV over the whole topic equal the oracle although the first run read only half of it
 * (a run that started empty from the committed offsets would count the second half alone). The test sends SIGTERM,
 * which the run handles as Ctrl-C: a build started in the background of a shell without job control passes SIGINT
 * on ignored, and no JVM it starts can take it back.
 */
class LocalStopITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final String JOB = ChannelPvJob.FILE;
    private static final Pattern STOPPED = Pattern.compile("stopped job ([0-9a-f]{32}) with a savepoint: (\\S+)");
    private static final Pattern RESUME = Pattern.compile("(?m)^resume with: rtw (.+)$");

    @TempDir static Path home;
    static List<ExampleDay.Message> messages;
    static RtwTest.Run first;
    /** The first run's arguments, as given to rtw. */
    static List<String> firstArgs;
    static RtwTest.Run second;
    static ChannelPvJob job;

    /** Every run started, stopped after the tests whatever happened. */
    static final List<Process> STARTED = new ArrayList<>();

    @AfterAll
    static void stopEveryRun() {
        STARTED.forEach(Process::destroyForcibly);
    }

    @BeforeAll
    static void stopHalfWayAndResume() throws Exception {
        messages = ExampleDay.generate(new ExampleDay.Spec(DAY, ZoneId.of("Asia/Shanghai"), 1200, 250, 9, 0, 5L));
        List<ExampleDay.Message> firstHalf = messages.subList(0, messages.size() / 2);
        job = new ChannelPvJob(KAFKA.bootstrapServers(), home.resolve("warehouse"), "local-stop-it");
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);
        ChannelPvJob.send(kafka, firstHalf);

        Started run = start(List.of("run", JOB, "--mode", "stream"));
        firstArgs = run.args();
        awaitSubmitted(run);
        ChannelPvJob.await(() -> job.pv() == ChannelPvJob.valid(firstHalf));
        first = interrupt(run);

        ChannelPvJob.send(kafka, messages.subList(messages.size() / 2, messages.size()));
        // Resumed exactly as the first run says, through a shell.
        Matcher resume = RESUME.matcher(first.err());
        assertThat(resume.find()).as("the first run's resume line in: %s", first.err()).isTrue();
        run = startExactly(shellWords(resume.group(1)));
        awaitSubmitted(run);
        ChannelPvJob.await(() -> job.pv() == ChannelPvJob.valid(messages));
        second = interrupt(run);
    }

    @Test
    void ctrlCStopsTheJobWithASavepointAndSaysHowToResume() {
        assertThat(first.code()).as(first.err()).isZero();
        Matcher m = STOPPED.matcher(first.err());
        assertThat(m.find()).isTrue();
        String job = m.group(1);
        String savepoint = m.group(2);
        assertThat(first.err()).contains("running until stopped (Ctrl-C stops it with a savepoint to resume from)",
                "stopping job " + job + " with a savepoint (Ctrl-C again to stop at once)",
                // The first run's arguments, its last one (the only one with a space) quoted for the shell.
                "resume with: rtw " + String.join(" ", firstArgs.subList(0, firstArgs.size() - 1))
                        + " 'execution.checkpointing.interval=1 s' --from-savepoint " + savepoint);
        assertThat(Path.of(savepoint.replaceFirst("^file:", ""))).startsWith(home.resolve("savepoints"))
                .isDirectory().satisfies(dir -> assertThat(dir.resolve("_metadata")).isRegularFile());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).containsPattern(STOPPED);
    }

    @Test
    void theResumedRunGoesOnWithTheFirstRunsState() {
        assertThat(job.query("SELECT channel, pv, uv FROM paimon.ads.channel_pv ORDER BY channel"))
                .isEqualTo(ChannelPvJob.expectedRows(messages));
    }

    /** A run of {@code rtw} in a process of its own, and where its error stream goes. */
    private record Started(List<String> args, Process process, Path err) {}

    /** Starts {@code rtw} in a JVM of its own with this test's work directory, as a user's shell does. */
    private static Started start(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.addAll(job.projectOptions());
        // 1 s checkpoints, so the job's rows land in Paimon quickly.
        all.addAll(List.of("-D", "execution.checkpointing.interval=1 s"));
        return startExactly(all);
    }

    /** Starts {@code rtw args} and nothing more. */
    private static Started startExactly(List<String> args) throws Exception {
        List<String> cmd = ChannelPvJob.javaCommand(args);
        Path err = Files.createTempFile(home, "rtw-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        pb.environment().put("RTW_HOME", home.toString());
        Process p = pb.start();
        STARTED.add(p);
        return new Started(args, p, err);
    }

    /** The words a POSIX shell makes of {@code line}. */
    private static List<String> shellWords(String line) throws Exception {
        Process sh = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + line).start();
        String out = new String(sh.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        return List.of(out.substring(0, out.length() - 1).split("\0", -1));
    }

    /** Waits until the run has created its tables and submitted its job. */
    private static void awaitSubmitted(Started run) throws Exception {
        ChannelPvJob.await(() -> {
            assertThat(run.process().isAlive()).as("rtw run is running: %s", Files.readString(run.err())).isTrue();
            return Files.readString(run.err()).contains("running until stopped");
        });
    }

    /** Sends SIGTERM (handled as Ctrl-C) and waits for the run to end. */
    private static RtwTest.Run interrupt(Started run) throws Exception {
        Process p = run.process();
        try {
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
            boolean ended = p.waitFor(2, TimeUnit.MINUTES);
            assertThat(ended).as("the run ended within 2 minutes of Ctrl-C: %s", Files.readString(run.err())).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new RtwTest.Run(p.exitValue(), "", Files.readString(run.err()));
    }
}
