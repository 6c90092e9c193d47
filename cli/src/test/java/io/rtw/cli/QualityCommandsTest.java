package io.rtw.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The quality commands parse their arguments into fields (nothing runs). */
class QualityCommandsTest {

    @Test
    void reconcileParsesSidesTablesAndTolerance() {
        ReconcileCommand c = new ReconcileCommand();
        new CommandLine(c).parseArgs("--metric", "app_uv", "--bizdate", "2026-11-21", "--left", "stream", "--right",
                "batch", "--right-table", "paimon.ads_standby.app_uv_minute", "--k", "4", "--report", "r.html",
                "--no-write", "-p", "sql", "--var", "warehouse=file:///tmp/w");
        assertThat(c.metric).isEqualTo("app_uv");
        assertThat(c.bizdate).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(c.left).isEqualTo("stream");
        assertThat(c.right).isEqualTo("batch");
        assertThat(c.rightTable).isEqualTo("paimon.ads_standby.app_uv_minute");
        assertThat(c.k).isEqualTo(4.0);
        assertThat(c.report).isEqualTo(Path.of("r.html"));
        assertThat(c.noWrite).isTrue();
        assertThat(c.project.dir()).isEqualTo(Path.of("sql"));
        assertThat(c.project.options().vars()).containsEntry("warehouse", "file:///tmp/w");
    }

    @Test
    void reconcileNeedsAMetricAndADay() {
        assertThatThrownBy(() -> new CommandLine(new ReconcileCommand()).parseArgs("--metric", "app_uv"))
                .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--bizdate");
    }

    @Test
    void qualityCheckParsesItsOptions() {
        CommandLine cl = new CommandLine(new QualityCommand());
        CommandLine.ParseResult r = cl.parseArgs("check", "--bizdate", "2026-11-21", "--metric", "app_uv", "--now",
                "2026-11-21T10:30");
        QualityCommand.Check check = (QualityCommand.Check) r.subcommand().commandSpec().userObject();
        assertThat(check.metric).isEqualTo("app_uv");
        assertThat(check.now).isEqualTo(LocalDateTime.of(2026, 11, 21, 10, 30));
        assertThat(check.side).isNull();
    }
}
