package io.rtw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rtw local} parsing, help and the errors that need no running server. */
class LocalCommandTest {

    /** Output, error and exit code of one run of {@code rtw local ...}. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        List<String> local = new ArrayList<>(List.of("local"));
        local.addAll(List.of(args));
        RtwTest.Run r = RtwTest.run(local.toArray(String[]::new));
        return new Run(r.code(), r.out(), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "logs"})
    void everySubcommandHasHelpWithAnExample(String sub) {
        Run r = run(sub, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: rtw local " + sub).contains("Example").contains("rtw local " + sub)
                .contains("--work-dir");
    }

    @Test
    void statusOfAnEmptyWorkDirShowsEveryServerStopped(@TempDir Path dir) {
        Run r = run("status", "--work-dir", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "SERVER  STATE    PID  ADDRESS",
                "kafka   stopped  -    -",
                "hbase   stopped  -    -",
                "flink   stopped  -    -",
                "work directory: " + dir.toAbsolutePath());
    }

    @Test
    void statusAsJson(@TempDir Path dir) {
        Run r = run("status", "--format", "json", "--work-dir", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().trim()).isEqualTo("{\"workDir\":\"" + dir.toAbsolutePath() + "\",\"servers\":["
                + "{\"server\":\"kafka\",\"running\":false,\"pids\":[],\"address\":null},"
                + "{\"server\":\"hbase\",\"running\":false,\"pids\":[],\"address\":null},"
                + "{\"server\":\"flink\",\"running\":false,\"pids\":[],\"address\":null}]}");
    }

    @Test
    void unknownServerIsAUserError(@TempDir Path dir) {
        Run r = run("up", "zookeeper", "--work-dir", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("rtw: unknown server 'zookeeper'; expected one of: kafka, hbase, flink"
                + System.lineSeparator());
    }

    @Test
    void aTimeoutBelowOneSecondIsAUserError(@TempDir Path dir) {
        Run r = run("up", "kafka", "--timeout", "0", "--work-dir", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("rtw: --timeout must be at least 1 second, got 0" + System.lineSeparator());
    }

    @Test
    void samePortTwiceIsAUserError(@TempDir Path dir) {
        Run r = run("up", "kafka", "--kafka-port", "2181", "--work-dir", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("port 2181 is given to two listeners");
    }

    @Test
    void unknownFormatIsAUserError(@TempDir Path dir) {
        Run r = run("status", "--format", "yaml", "--work-dir", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown format 'yaml'; expected text or json");
    }

    @Test
    void logsOfAServerNeverStartedIsAUserError(@TempDir Path dir) {
        Run r = run("logs", "kafka", "--work-dir", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no log for kafka under " + dir.toAbsolutePath());
    }

    @Test
    void downWithNothingRunningSaysSo(@TempDir Path dir) {
        Run r = run("down", "--work-dir", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).containsExactly("kafka is not running", "hbase is not running",
                "flink is not running");
    }
}
