package io.rtw.cli;

import io.rtw.meta.Mode;
import io.rtw.runtime.QueryResult;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ok: 3 meta-tables in " + EXAMPLE + " (app_events, uv_activity_days, uv_serving)\n")
                .containsPattern("\nok: \\.\\./sql/jobs/app_uv\\.sql: \\d+ inserts?, \\d+ views?, \\d+ preconditions?, "
                        + "planned in stream and batch mode\n$");
    }

    @Test
    void aMalformedFileIsAUserErrorWithItsLocationAndNoStackTrace() {
        String file = "../connector-kafka/src/test/resources/malformed/unknown-kind.yaml";
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
                        + "; tables: app_events, uv_activity_days, uv_serving\n");
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
        Run upgrade = run("jobs", "upgrade", "bogus", "--file", "../sql/jobs/app_uv.sql", "--target", "127.0.0.1:1");
        assertThat(upgrade.code()).isEqualTo(1);
        assertThat(upgrade.err()).isEqualTo("rtw: not a job id: 'bogus' (32 hex digits, as rtw jobs list shows them)\n");
        Run noFile = run("jobs", "upgrade", "0123456789abcdef0123456789abcdef", "--file", "missing.sql", "--target",
                "127.0.0.1:1");
        assertThat(noFile.code()).isEqualTo(1);
        assertThat(noFile.err()).isEqualTo("rtw: no such file: missing.sql\n");
    }

    @Test
    void describesBothBindingsSideBySide() {
        Run r = run("meta", "describe", "app_events", "-p", EXAMPLE);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("event time:  event_time, watermark 5 s behind the largest seen, emitted "
                        + "periodically")
                .contains("stream:      kafka topic=app_events")
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
    void theResumeCommandRepeatsTheRunsArgumentsWithTheNewSavepoint() {
        assertThat(RunCommand.resumeCommand(List.of("run", "sql/jobs/app_uv.sql", "--mode", "stream", "--var",
                "warehouse=file:///tmp/my wh", "-D", "execution.checkpointing.interval=1 s", "--var", "note=it's",
                "--from-savepoint", "file:/old", "--from-savepoint=file:/older"), "file:/tmp/sp-1"))
                .isEqualTo("rtw run sql/jobs/app_uv.sql --mode stream --var 'warehouse=file:///tmp/my wh' -D "
                        + "'execution.checkpointing.interval=1 s' --var 'note=it'\\''s' "
                        + "--from-savepoint file:/tmp/sp-1");
    }

    @Test
    void aTargetThatIsNotHostAndPortIsAUserErrorForRunAndJobs() {
        for (String bad : List.of("127.0.0.1:rest", "127.0.0.1:99999", "127.0.0.1:0", "nohost", ":8081")) {
            Run run = run("run", "../sql/jobs/app_uv.sql", "--mode", "stream", "-p", EXAMPLE, "--target", bad);
            assertThat(run.code()).as(bad).isEqualTo(1);
            assertThat(run.err()).as(bad).isEqualTo("rtw: target must be local, cluster or HOST:PORT (a port from 1 to 65535), "
                    + "got '" + bad + "'\n");
            Run jobs = run("jobs", "list", "--target", bad);
            assertThat(jobs.code()).as(bad).isEqualTo(1);
            assertThat(jobs.err()).as(bad).isEqualTo("rtw: --target must be HOST:PORT (a port from 1 to 65535), got '"
                    + bad + "'\n");
        }
        assertThat(run("jobs", "list", "--target", "local").err())
                .isEqualTo("rtw: --target must be HOST:PORT (a port from 1 to 65535), got 'local'\n");
    }

    @Test
    void streamOnlyOptionsAreRefusedForABatchRun() {
        Run bounded = run("run", "../sql/jobs/app_uv.sql", "--mode", "batch", "--bizdate", "2026-11-21", "--bounded",
                "-p", EXAMPLE);
        Run savepoint = run("run", "../sql/jobs/app_uv.sql", "--mode", "batch", "--bizdate", "2026-11-21",
                "--from-savepoint", "file:/tmp/sp", "-p", EXAMPLE);

        assertThat(bounded.code()).isEqualTo(1);
        assertThat(bounded.err()).isEqualTo("rtw: --bounded is for stream runs: a batch run reads its day's tables "
                + "from the start and ends by itself\n");
        assertThat(savepoint.code()).isEqualTo(1);
        assertThat(savepoint.err()).startsWith("rtw: --from-savepoint is for stream runs");

        Run explainBounded = run("sql", "explain", "../sql/jobs/app_uv.sql", "--mode", "batch", "--bizdate",
                "2026-11-21", "--bounded", "-p", EXAMPLE);
        Run explainNoDay = run("sql", "explain", "../sql/jobs/app_uv.sql", "--mode", "batch", "-p", EXAMPLE);
        assertThat(explainBounded.code()).isEqualTo(1);
        assertThat(explainBounded.err()).isEqualTo(bounded.err());
        assertThat(explainNoDay.code()).isEqualTo(1);
        assertThat(explainNoDay.err()).isEqualTo("rtw: batch runs need --bizdate yyyy-MM-dd\n");
    }

    @Test
    void countsBelowOneAreRefusedBeforeAnythingStarts() {
        Run produce = run("produce", "app_events", "events.jsonl", "--partitions", "0");
        Run demo = run("demo", "--events", "0", "-p", EXAMPLE);
        Run reconcile = run("reconcile", "--metric", "app_uv", "--bizdate", "2026-11-21", "--k", "-1", "-p", EXAMPLE);

        assertThat(List.of(produce.code(), demo.code(), reconcile.code())).containsOnly(1);
        assertThat(produce.err()).isEqualTo("rtw: --partitions must be at least 1, got 0\nTry 'rtw produce --help'.\n");
        assertThat(demo.err()).isEqualTo("rtw: --events and --users must be at least 1, got 0 and 10000\n"
                + "Try 'rtw demo --help'.\n");
        assertThat(demo.out()).isEmpty();
        assertThat(reconcile.err()).isEqualTo("rtw: --k must be above 0, got -1.0\nTry 'rtw reconcile --help'.\n");
        Run table = run("reconcile", "--metric", "app_uv", "--bizdate", "2026-11-21", "--right-table", "nodots",
                "-p", EXAMPLE);
        assertThat(table.code()).isEqualTo(1);
        assertThat(table.err()).isEqualTo("rtw: --right-table must be CATALOG.DB.TABLE of plain identifiers "
                + "([A-Za-z_][A-Za-z0-9_]{0,127}), got 'nodots'\nTry 'rtw reconcile --help'.\n");
    }

    @Test
    void qualitySqlTakesAViewOrTableNameAsSourceAndNothingElse() {
        for (String bad : List.of("bad name", "x;DROP", "a.b.c.d", "a..b")) {
            Run r = run("quality", "sql", "--metric", "app_uv", "--source", bad, "-p", EXAMPLE);
            assertThat(r.code()).as(bad).isEqualTo(1);
            assertThat(r.err()).as(bad).isEqualTo("rtw: --source must be VIEW or CATALOG.DB.TABLE of plain identifiers "
                    + "([A-Za-z_][A-Za-z0-9_]{0,127}), got '" + bad + "'\nTry 'rtw quality sql --help'.\n");
        }
        Run ok = run("quality", "sql", "--metric", "app_uv", "--source", "paimon.ads.uv_rows", "-p", EXAMPLE);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("FROM `paimon`.`ads`.`uv_rows` AS rtw_rows;");
    }

    @Test
    void produceRefusesATopicNameKafkaWouldBeforeConnecting() {
        Run r = run("produce", "app events", "events.jsonl", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("rtw: 'app events' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' "
                + "or '-'\n");
    }

    @Test
    void aDateThatIsNotOneSaysHowToWriteItInEveryCommand() {
        for (String[] args : List.of(new String[] {"quality", "check", "--bizdate", "2026-13-01"},
                new String[] {"run", "x.sql", "--mode", "batch", "--from", "21.11.2026", "--to", "2026-11-22"},
                new String[] {"reconcile", "--metric", "app_uv", "--bizdate", "yesterday"})) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", args)).contains("is not a date: write yyyy-MM-dd, e.g. 2026-11-21")
                    .doesNotContain("java.time");
        }
    }

    @Test
    void anUnquotedQueryIsRefusedWithHowToQuoteIt() {
        Run r = run("query", "SELECT", "channel", "FROM", "t", "-p", EXAMPLE);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("rtw: rtw query takes the statement as one argument, got 4 words: quote it, "
                + "e.g. rtw query \"SELECT * FROM paimon.ads.app_uv_minute\"\n");
    }

    @Test
    void queryJsonKeepsNumbersBooleansAndNullApartFromTheirText() {
        List<String> columns = List.of("s", "n", "d", "ok", "none", "b", "t");
        QueryResult result = new QueryResult(columns, List.of(
                Row.of("NULL", 42L, new BigDecimal("1.50"), true, null, new byte[] {1, 2, 3},
                        LocalDateTime.of(2026, 11, 22, 0, 1)),
                Row.of("tab\there \"q\"\u0001", -1, 2.5d, false, null, new byte[0], null)));
        StringWriter out = new StringWriter();

        QueryCommand.print(new PrintWriter(out, true), result, QueryCommand.Format.json);

        assertThat(out.toString()).isEqualTo("""
                {"s":"NULL","n":42,"d":1.50,"ok":true,"none":null,"b":"base64:AQID","t":"2026-11-22T00:01"}
                {"s":"tab\\there \\"q\\"\\u0001","n":-1,"d":2.5,"ok":false,"none":null,"b":"base64:","t":null}
                """);
    }

    @Test
    void rendersAStreamJobForTodayInTheProjectsZoneAsRunDoes(@TempDir Path dir) throws IOException {
        Path job = dir.resolve("job.sql");
        Files.writeString(job, "SELECT '${bizdate}';\n");
        LocalDate before = LocalDate.now(ZoneId.of("Asia/Shanghai"));

        Run stream = run("sql", "render", job.toString(), "--mode", "stream", "-p", EXAMPLE);
        Run batch = run("sql", "render", job.toString(), "--mode", "batch", "-p", EXAMPLE);

        assertThat(stream.code()).as(stream.err()).isZero();
        assertThat(stream.out()).isIn("SELECT '" + before + "';\n",
                "SELECT '" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "';\n");
        assertThat(batch.code()).isEqualTo(1);
        assertThat(batch.err()).contains("job.sql:1:9: ${bizdate} needs a business day: pass --bizdate yyyy-MM-dd");
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

    @Test
    void noHelpShowsNullWherePicocliWouldInterpolateAPlaceholder() {
        Map<String, String> help = helpOfEveryCommand();

        assertThat(help).hasSizeGreaterThan(20);
        help.forEach((command, text) -> assertThat(text).as(command).doesNotContainPattern("\\bnull\\b"));
        assertThat(help.get("rtw sql render")).contains("Business day for ${bizdate}.", "Secrets stay as ${env:");
        assertThat(help.get("rtw run")).contains("Sets a variable for ${NAME} in YAML and SQL");
    }

    @Test
    void everyExampleFileAHelpNamesExists() {
        Pattern examplePath = Pattern.compile("(?<![\\w/])sql/[\\w./-]*\\w");
        List<String> named = new ArrayList<>();
        helpOfEveryCommand().forEach((command, text) -> examplePath.matcher(text).results().forEach(m -> {
            named.add(m.group());
            assertThat(Path.of("..").resolve(m.group())).as("%s names %s", command, m.group()).exists();
        }));
        assertThat(named).contains("sql/jobs/app_uv.sql", "sql/meta/app_events.yaml");
    }

    /** The --help text of every command, by its qualified name. */
    private static Map<String, String> helpOfEveryCommand() {
        Map<String, String> help = new LinkedHashMap<>();
        Deque<CommandLine> todo = new ArrayDeque<>(List.of(Rtw.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.pop();
            help.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
            todo.addAll(cl.getSubcommands().values());
        }
        return help;
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
