package io.rtw.cli;

import io.rtw.meta.Mode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RtwTest {

    private static final String EXAMPLE = "../sql";

    /** What one run of the command line printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Rtw.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void parsesDdlArgumentsIntoTypedFields() {
        CommandLine.ParseResult pr = Rtw.commandLine().parseArgs("meta", "ddl", "app_events", "--mode", "BATCH",
                "--bizdate", "2026-11-21", "--var", "warehouse=/tmp/w", "--profile", "prod", "-p", EXAMPLE);
        MetaCommand.Ddl ddl = (MetaCommand.Ddl) pr.subcommand().subcommand().commandSpec().userObject();

        assertThat(ddl.table).isEqualTo("app_events");
        assertThat(ddl.mode).isEqualTo(Mode.BATCH);
        assertThat(ddl.bizdate).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(ddl.project.options().vars()).isEqualTo(Map.of("warehouse", "/tmp/w"));
        assertThat(ddl.project.options().profile()).contains("prod");
        assertThat(ddl.project.dir()).isEqualTo(Path.of(EXAMPLE));
    }

    @Test
    void validatesTheExampleWarehouse() {
        Run r = run("meta", "validate", EXAMPLE);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ok: 2 meta-tables in " + EXAMPLE + " (app_events, uv_serving)\n");
    }

    @Test
    void aMalformedFileIsAUserErrorWithItsLocationAndNoStackTrace() {
        String file = "../meta-table/src/test/resources/malformed/unknown-kind.yaml";
        Run r = run("meta", "validate", file);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo(file + ":23:9 [stream.kind]: unknown kind 'kafak'; available kinds: "
                + "filesystem, hbase, kafka, paimon\n1 problem\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badArgumentsAreUserErrors() {
        Run r = run("meta", "ddl", "--mode", "sideways", "-p", EXAMPLE);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Invalid value for option '--mode'").contains("STREAM, BATCH");
        assertThat(run("meta", "describe", "nope", "-p", EXAMPLE).err())
                .isEqualTo("rtw: no meta-table 'nope' in " + Path.of(EXAMPLE).toAbsolutePath().normalize()
                        + "; tables: app_events, uv_serving\n");
    }

    @Test
    void jobDurationsReadInTheirTwoLargestUnits() {
        assertThat(JobsCommand.duration(45_999)).isEqualTo("45 s");
        assertThat(JobsCommand.duration((12 * 60 + 5) * 1000L)).isEqualTo("12 min 05 s");
        assertThat(JobsCommand.duration((3 * 3600 + 7 * 60 + 59) * 1000L)).isEqualTo("3 h 07 min");
        assertThat(JobsCommand.duration((2 * 86_400 + 4 * 3600 + 1) * 1000L)).isEqualTo("2 d 04 h");
    }

    @Test
    void jobsArgumentsAreCheckedBeforeAnyClusterIsAsked() {
        // No cluster listens at port 1: each of these would say so if it got that far.
        Run bogus = run("jobs", "cancel", "bogus", "--target", "127.0.0.1:1");
        assertThat(bogus.code()).isEqualTo(1);
        assertThat(bogus.err()).isEqualTo("rtw: not a job id: 'bogus' (32 hex digits, as rtw jobs list shows them)\n");
        Run relative = run("jobs", "savepoint", "0123456789abcdef0123456789abcdef", "savepoints", "--target",
                "127.0.0.1:1");
        assertThat(relative.code()).isEqualTo(1);
        assertThat(relative.err()).startsWith("rtw: the savepoint directory must be a URI or an absolute path")
                .contains("got 'savepoints'");
        Run port = run("jobs", "list", "--target", "127.0.0.1:rest");
        assertThat(port.code()).isEqualTo(1);
        assertThat(port.err()).isEqualTo("rtw: --target must be HOST:PORT, got '127.0.0.1:rest'\n");
    }

    @Test
    void describesBothBindingsSideBySide() {
        Run r = run("meta", "describe", "app_events", "-p", EXAMPLE);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("stream:      kafka topic=app_events")
                .contains("batch:       paimon catalog=paimon, database=ods, table=app_events")
                .containsPattern("new_user +BOOLEAN +expr new_user = 1 +expr new_user_flag = 'Y'")
                .containsPattern("pv +BIGINT +virtual 1 +virtual 1");
    }

    @Test
    void printsDdlForAModeWithTheBizdatePartition() {
        Run r = run("meta", "ddl", "app_events", "--mode", "batch", "--bizdate", "2026-11-21", "-p", EXAMPLE,
                "--var", "warehouse=file:///tmp/wh");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("CREATE CATALOG IF NOT EXISTS `paimon` WITH (\n  'type' = 'paimon',\n"
                + "  'warehouse' = 'file:///tmp/wh'\n);").endsWith("WHERE `dt` = '2026-11-21';\n");
    }

    @Test
    void rendersAJobFile(@TempDir Path dir) throws IOException {
        Path job = dir.resolve("job.sql");
        Files.writeString(job, "--#if virtual(app_events.pv)\nSELECT COUNT(*) FROM app_events WHERE d = '${bizdate - 1d}';"
                + "\n--#end\n");
        Run r = run("sql", "render", job.toString(), "--mode", "stream", "--bizdate", "2026-01-01", "-p", EXAMPLE);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("SELECT COUNT(*) FROM app_events WHERE d = '2025-12-31';\n");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        CommandLine cl = Rtw.commandLine();
        assertHelpHasExample(cl);
    }

    @Test
    void everyCommandAnswersHelp() {
        assertAnswersHelp(Rtw.commandLine(), List.of());
    }

    private static void assertAnswersHelp(CommandLine cl, List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(String.join(" ", args)).isZero();
        assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: rtw");
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                assertAnswersHelp(sub, next);
            }
        });
    }

    private static void assertHelpHasExample(CommandLine cl) {
        if (cl.getSubcommands().isEmpty()) {
            assertThat(cl.getUsageMessage()).as(cl.getCommandSpec().qualifiedName()).containsIgnoringCase("example");
        }
        cl.getSubcommands().values().stream().filter(c -> !c.getCommandName().equals("help"))
                .forEach(RtwTest::assertHelpHasExample);
    }
}
