package io.rtw.cli;

import io.rtw.meta.Binding;
import io.rtw.meta.Column;
import io.rtw.meta.DefinitionException;
import io.rtw.meta.MetaTable;
import io.rtw.meta.MetaTableParser;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Variables;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.sql.MetaTableCompiler;
import io.rtw.runtime.JobCheck;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.RunOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code rtw meta}: validate, describe and compile meta-tables. */
@Command(name = "meta", mixinStandardHelpOptions = true, description = "Validate, describe and compile meta-tables.",
        subcommands = {MetaCommand.Validate.class, MetaCommand.Describe.class, MetaCommand.Ddl.class})
final class MetaCommand {

    /** {@code rtw meta validate [PATH]}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a project directory (every meta-table together, then every job file under its "
                    + "jobs/ directory), a single meta-table file, or a job SQL file of the project, and reports every "
                    + "problem with file, line and column. A job file is rendered, split and planned against the "
                    + "meta-tables in both modes, as rtw run would, with no server running and nothing created: "
                    + "catalogs are stood in for by empty in-memory ones holding the tables the meta-tables and job "
                    + "files declare.",
            footer = {"", "Examples:", "  rtw meta validate sql/", "  rtw meta validate sql/meta/app_events.yaml",
                "  rtw meta validate sql/jobs/app_uv.sql --mode batch --bizdate 2026-11-21"})
    static final class Validate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Parameters(arity = "0..*", paramLabel = "PATH",
                description = "Project directory, meta-table file or job SQL file (of the project -p); several may "
                        + "be given. Default: the project directory.")
        List<Path> paths = new ArrayList<>();

        @Option(names = "--mode", paramLabel = "MODE", description = "Check job files in this mode only: stream or "
                + "batch. Default: both.")
        Mode mode;

        @Option(names = "--bizdate", paramLabel = "yyyy-MM-dd",
                description = "Business day job files are rendered for. Default: today in the project's time zone.")
        LocalDate bizdate;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Problem> problems = new ArrayList<>();
            List<Path> jobs = new ArrayList<>();
            for (Path target : paths.isEmpty() ? List.of(project.dir()) : paths) {
                if (!Files.exists(target)) {
                    throw new UserException("no such file or directory: " + target);
                }
                if (Files.isRegularFile(target) && target.toString().endsWith(".sql")) {
                    jobs.add(target);
                } else if (Files.isRegularFile(target)) {
                    Project.Options o = project.options();
                    Map<String, String> vars = new HashMap<>(Map.of("rtw.home", o.home().toString()));
                    vars.putAll(o.vars());
                    MetaTable t = MetaTableParser.yaml(Variables.of(vars), o.secrets()).parse(target);
                    out.println("ok: " + target + " defines meta-table " + t.name());
                } else {
                    Project p = Project.load(target, project.options());
                    out.println("ok: " + p.tables().size() + " meta-table" + (p.tables().size() == 1 ? "" : "s")
                            + " in " + target + " (" + p.tables().stream().map(MetaTable::name)
                            .collect(Collectors.joining(", ")) + ")");
                    checkJobs(p, jobFiles(target.resolve("jobs")), out, problems);
                }
            }
            if (!jobs.isEmpty()) {
                checkJobs(project.load(), jobs, out, problems);
            }
            if (!problems.isEmpty()) {
                throw new DefinitionException(problems);
            }
            return 0;
        }

        /**
         * Checks every job file in each mode asked for: a line for each file without problems, every problem of the
         * others into {@code problems}.
         */
        private void checkJobs(Project p, List<Path> files, PrintWriter out, List<Problem> problems) {
            List<Mode> modes = mode != null ? List.of(mode) : List.of(Mode.STREAM, Mode.BATCH);
            LocalDate day = bizdate != null ? bizdate : LocalDate.now(p.timeZone());
            JobCheck checker = new JobCheck(project.options().secrets());
            // Every job of the project may read the tables the others create.
            List<Path> siblings = jobFiles(p.dir().resolve("jobs"));
            for (Path file : files) {
                Map<Problem, List<Mode>> found = new LinkedHashMap<>();
                String summary = "";
                for (Mode m : modes) {
                    JobCheck.Checked checked = checker.check(new JobRequest(p, file, m, Optional.of(day),
                            RunOptions.local(Map.of())), siblings.stream().filter(s -> !sameFile(s, file)).toList());
                    checked.problems().forEach(problem -> found.computeIfAbsent(problem, k -> new ArrayList<>()).add(m));
                    summary = checked.summary();
                }
                if (found.isEmpty()) {
                    out.println("ok: " + file + ": " + summary + ", planned in " + modes.stream().map(Mode::id)
                            .collect(Collectors.joining(" and ")) + " mode");
                }
                // A problem of one mode only (a --#if block, a mode's own bindings) says which.
                found.forEach((problem, in) -> problems.add(in.size() == modes.size() ? problem
                        : new Problem(problem.location(), problem.message() + " (in " + in.get(0).id() + " mode)")));
            }
        }

        private static boolean sameFile(Path a, Path b) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }

        /** The job files of a project: the .sql files under its jobs directory, in order; none when it has none. */
        private static List<Path> jobFiles(Path jobs) {
            if (!Files.isDirectory(jobs)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(jobs)) {
                return files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".sql")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + jobs, e);
            }
        }
    }

    /** {@code rtw meta describe TABLE}. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Shows a meta-table with its stream and batch bindings side by side: per column, the "
                    + "physical field, expression or virtual value on each side.",
            footer = {"", "Example:", "  rtw meta describe app_events"})
    static final class Describe implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Parameters(paramLabel = "TABLE", description = "Meta-table name.")
        String table;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            MetaTable t = find(project.load(), table);
            out.println(t.name() + (t.description().isEmpty() ? "" : " - " + t.description()));
            if (!t.owner().isEmpty()) {
                out.println("owner:       " + t.owner());
            }
            if (!t.primaryKey().isEmpty()) {
                out.println("primary key: " + String.join(", ", t.primaryKey()));
            }
            t.eventTime().ifPresent(e -> out.println("event time:  " + e.column() + ", watermark "
                    + org.apache.flink.util.TimeUtils.formatWithHighestUnit(e.watermarkDelay())
                    + " behind the largest seen, emitted " + (e.emitOnEvent() ? "after every record" : "periodically")));
            if (t.isServing()) {
                Binding kv = t.kv().get();
                out.println("kv:          " + binding(kv));
                BindingFactories.load().find(kv.kind()).flatMap(f -> f.readOnly(kv.options())).ifPresent(w ->
                        out.println("read-only:   jobs look rows up by the whole primary key; they write " + w));
                TextTable tt = new TextTable("column", "type", "comment");
                t.columns().forEach(c -> tt.row(c.name(), c.type(), c.comment()));
                out.println();
                tt.print(out);
                return 0;
            }
            out.println("stream:      " + binding(t.stream().get()));
            t.stream().get().deadLetterTable().ifPresent(d -> out.println("dead letters: " + d));
            t.stream().get().lateTable().ifPresent(l -> out.println("late records: " + l));
            out.println("batch:       " + binding(t.batch().get()));
            out.println();
            TextTable tt = new TextTable("column", "type", "stream", "batch", "comment");
            for (Column c : t.columns()) {
                tt.row(c.name(), c.type(), c.stream().describe(), c.batch().describe(), c.comment());
            }
            tt.print(out);
            return 0;
        }

        private static String binding(Binding b) {
            return b.kind() + " " + b.options().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    /** {@code rtw meta ddl [TABLE] --mode stream|batch}. */
    @Command(name = "ddl", mixinStandardHelpOptions = true,
            description = "Prints the Flink SQL that makes meta-tables queryable by their names in a mode. "
                    + "Secrets show as their $${env:NAME} reference.",
            footer = {"", "Examples:", "  rtw meta ddl app_events --mode stream",
                "  rtw meta ddl --mode batch --bizdate 2026-11-21"})
    static final class Ddl implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Parameters(arity = "0..1", paramLabel = "TABLE", description = "Meta-table name. Default: all.")
        String table;

        @Option(names = "--mode", required = true, paramLabel = "MODE", description = "stream or batch.")
        Mode mode;

        @Option(names = "--bizdate", paramLabel = "yyyy-MM-dd",
                description = "Business day; batch sources partitioned by day read only this day.")
        LocalDate bizdate;

        @Override
        public Integer call() {
            Project p = project.load();
            List<MetaTable> tables = table == null ? p.tables() : List.of(find(p, table));
            spec.commandLine().getOut().print(MetaTableCompiler.create()
                    .compile(p, tables, mode, Optional.ofNullable(bizdate), false));
            return 0;
        }
    }

    static MetaTable find(Project p, String name) {
        return p.table(name).orElseThrow(() -> new UserException("no meta-table '" + name + "' in " + p.dir()
                + "; tables: " + p.tables().stream().map(MetaTable::name).collect(Collectors.joining(", "))));
    }
}
