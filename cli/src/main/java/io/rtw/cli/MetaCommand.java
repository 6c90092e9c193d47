package io.rtw.cli;

import io.rtw.meta.Binding;
import io.rtw.meta.Column;
import io.rtw.meta.MetaTable;
import io.rtw.meta.MetaTableParser;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.ProjectOptions;
import io.rtw.meta.Variables;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.sql.MetaTableCompiler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code rtw meta}: validate, describe and compile meta-tables. */
@Command(name = "meta", mixinStandardHelpOptions = true, description = "Validate, describe and compile meta-tables.",
        subcommands = {MetaCommand.Validate.class, MetaCommand.Describe.class, MetaCommand.Ddl.class})
final class MetaCommand {

    /** {@code rtw meta validate [PATH]}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks a project directory (every meta-table together) or a single meta-table file "
                    + "and reports every problem with file, line, column and key.",
            footer = {"", "Examples:", "  rtw meta validate sql/", "  rtw meta validate sql/meta/app_events.yaml"})
    static final class Validate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ProjectOptions project;

        @Parameters(arity = "0..1", paramLabel = "PATH",
                description = "Project directory or meta-table file. Default: the project directory.")
        Path path;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path target = path != null ? path : project.dir();
            if (!Files.exists(target)) {
                throw new UserException("no such file or directory: " + target);
            }
            if (Files.isRegularFile(target)) {
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
            }
            return 0;
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
