package io.rtw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that fails while running, here on a row its Paimon sink refuses: each failure Flink restarts from is printed
 * as it happens, and the last one is the user's to fix, as a backfill's failed day is: exit code 1 and the job's
 * innermost cause, not an internal error of rtw.
 */
class JobFailureITCase {

    @Test
    void eachFailureIsPrintedAsItHappensAndTheLastEndsTheRunWithExitCodeOne(@TempDir Path dir) throws Exception {
        Path job = Files.writeString(dir.resolve("null_key.sql"), """
                CREATE DATABASE IF NOT EXISTS paimon.ads;
                CREATE TABLE IF NOT EXISTS paimon.ads.keyed (k STRING, v BIGINT, PRIMARY KEY (k) NOT ENFORCED);
                INSERT INTO paimon.ads.keyed SELECT CAST(NULL AS STRING), 1;
                """);

        RtwTest.Run r = RtwTest.run("run", job.toString(), "--mode", "batch", "--bizdate", "2026-11-21",
                "-p", "../sql", "--var", "warehouse=file://" + dir.resolve("warehouse"),
                "-D", "restart-strategy.fixed-delay.attempts=2", "-D", "restart-strategy.fixed-delay.delay=3 s");

        String cause = "\\w+: Column 'k' is NOT NULL, however, a null value is being written into it\\.";
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("internal error")
                .containsPattern("(?m)^job [0-9a-f]{32} failed \\(1 time\\) and restarts: " + cause)
                .containsPattern("(?m)^job [0-9a-f]{32} failed \\(2 times\\) and restarts: " + cause)
                .containsPattern("(?m)^rtw: job [0-9a-f]{32} failed: " + cause);
    }
}
