package io.rtw.stream;

import io.rtw.runtime.QueryResult;
import io.rtw.runtime.WarehouseSession;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.JobException;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A job file changed after its tables were created, run for real against Paimon: the run stops before anything runs,
 * names the table and the missing column, and the statement it prints brings the table up to date.
 */
class ExistingTablesITCase {

    private static final Path FIXTURE = Path.of("src/test/resources/both-modes");
    private static final String DDL = "CREATE DATABASE IF NOT EXISTS paimon.ads;\n"
            + "CREATE TABLE IF NOT EXISTS paimon.ads.counts (\n  dt STRING,\n  k STRING,\n%s  n BIGINT,\n"
            + "  PRIMARY KEY (dt, k) NOT ENFORCED\n) PARTITIONED BY (dt);\n";

    @TempDir Path home;

    @Test
    void aTableCreatedByAnEarlierVersionStopsTheRunWithTheFixThatThenWorks() throws Exception {
        Project project = Project.load(FIXTURE,
                new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), home));
        JobSubmitter runner = new JobSubmitter(Secrets.of(Map.of()), new PrintWriter(Writer.nullWriter()));
        Path v1 = Files.writeString(home.resolve("v1.sql"), DDL.formatted("")
                + "INSERT INTO paimon.ads.counts VALUES ('2026-11-21', 'a', 1);\n");
        Path v2 = Files.writeString(home.resolve("v2.sql"), DDL.formatted("  pv BIGINT,\n")
                + "INSERT INTO paimon.ads.counts VALUES ('2026-11-22', 'b', 7, 2);\n");
        runner.run(spec(project, v1));

        Throwable refused = catchThrowable(() -> runner.run(spec(project, v2)));
        assertThat(refused).isInstanceOf(JobException.class).hasMessage("""
                paimon.ads.counts exists and differs from its declaration here (CREATE TABLE IF NOT EXISTS \
                leaves an existing table as it is):
                  - column pv BIGINT is declared, not in the table
                Add the missing columns (rows written before read NULL in them) with rtw query and this run's \
                project options, then run the job again:
                  ALTER TABLE `paimon`.`ads`.`counts` ADD `pv` BIGINT AFTER `k`
                  in: CREATE TABLE IF NOT EXISTS paimon.ads.counts ( ...""");
        assertThat(query(project, "SELECT dt, k, n FROM paimon.ads.counts").text())
                .containsExactly(List.of("dt", "k", "n"), List.of("2026-11-21", "a", "1"));

        // The printed fix, as printed.
        String fix = refused.getMessage().lines().filter(l -> l.startsWith("  ALTER TABLE")).findFirst().orElseThrow();
        assertThat(query(project, fix.strip()).text())
                .containsExactly(List.of("result"), List.of("OK"));
        runner.run(spec(project, v2));
        assertThat(query(project, "SELECT dt, k, pv, n FROM paimon.ads.counts ORDER BY dt").text())
                .containsExactly(List.of("dt", "k", "pv", "n"),
                List.of("2026-11-21", "a", "NULL", "1"), List.of("2026-11-22", "b", "7", "2"));
    }

    @Test
    void everyTableThatDiffersIsNamedAtOnceAndAChangeBeyondNewColumnsIsLeftToTheOwner() throws Exception {
        Project project = Project.load(FIXTURE,
                new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), home));
        JobSubmitter runner = new JobSubmitter(Secrets.of(Map.of()), new PrintWriter(Writer.nullWriter()));
        String totals = "CREATE TABLE IF NOT EXISTS paimon.ads.totals (k STRING, n %s);\n";
        Path v1 = Files.writeString(home.resolve("v1.sql"), DDL.formatted("") + totals.formatted("INT")
                + "INSERT INTO paimon.ads.totals VALUES ('a', 1);\n");
        Path v2 = Files.writeString(home.resolve("v2.sql"), DDL.formatted("  pv BIGINT,\n")
                + totals.formatted("BIGINT") + "INSERT INTO paimon.ads.totals VALUES ('a', 2);\n");
        runner.run(spec(project, v1));

        assertThat(catchThrowable(() -> runner.run(spec(project, v2)))).isInstanceOf(JobException.class)
                .hasMessage("""
                        paimon.ads.counts exists and differs from its declaration here (CREATE TABLE IF NOT \
                        EXISTS leaves an existing table as it is):
                          - column pv BIGINT is declared, not in the table
                        Add the missing columns (rows written before read NULL in them) with rtw query and this \
                        run's project options, then run the job again:
                          ALTER TABLE `paimon`.`ads`.`counts` ADD `pv` BIGINT AFTER `k`
                          in: CREATE TABLE IF NOT EXISTS paimon.ads.counts ( ...

                        paimon.ads.totals exists and differs from its declaration here (CREATE TABLE IF NOT \
                        EXISTS leaves an existing table as it is):
                          - column n is BIGINT here, INT in the table
                        Change the declaration to match the table, or migrate the table (ALTER TABLE, or drop it \
                        and recompute its days) before running the job.
                          in: CREATE TABLE IF NOT EXISTS paimon.ads.totals (k STRING, n BIGINT)""");
        assertThat(query(project, "SELECT k, n FROM paimon.ads.totals").text())
                .containsExactly(List.of("k", "n"), List.of("a", "1"));
    }

    /** A batch query over the warehouse, as rtw query runs it. */
    private static QueryResult query(Project project, String sql) {
        return WarehouseSession.forQueries(project, Optional.of(LocalDate.of(2026, 11, 21)),
                Map.of("parallelism.default", "1"), Secrets.of(Map.of()), "query").query(sql);
    }

    private static JobRequest spec(Project project, Path file) {
        return new JobRequest(project, file, Mode.BATCH, Optional.of(LocalDate.of(2026, 11, 21)),
                new RunOptions(Target.local(), false, Optional.empty(), Map.of("parallelism.default", "1")));
    }
}
