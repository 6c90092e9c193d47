package io.rtw.cli;

import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.sql.MetaTableCompiler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code rtw demo}: the example warehouse end to end on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the example warehouse on embedded defaults: validates its meta-tables and shows the "
                + "Flink SQL they compile to in stream and in batch mode.",
        footer = {"", "Example:", "  ./rtw demo"})
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProjectOptions project;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Project p = project.load();
        out.println("== " + p.name() + ": " + p.tables().size() + " meta-tables valid ("
                + p.tables().stream().map(MetaTable::name).collect(Collectors.joining(", ")) + "), days cut in "
                + p.timeZone());
        LocalDate yesterday = LocalDate.now(p.timeZone()).minusDays(1);
        MetaTableCompiler compiler = MetaTableCompiler.create();
        for (Mode mode : Mode.values()) {
            out.println();
            out.println("== " + mode.id() + " mode" + (mode == Mode.BATCH ? " (business day " + yesterday + ")" : ""));
            out.print(compiler.compile(p, mode, mode == Mode.BATCH ? Optional.of(yesterday) : Optional.empty()));
        }
        return 0;
    }
}
