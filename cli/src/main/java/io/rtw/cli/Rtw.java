package io.rtw.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The top-level {@code rtw} command: its subcommands, converters and error handling ({@link Failures}). */
@Command(
        name = "rtw",
        mixinStandardHelpOptions = true,
        versionProvider = Rtw.Version.class,
        description = "Real-time data warehouse on Apache Flink: meta-tables, one SQL codebase for stream "
                + "and batch.",
        subcommands = {MetaCommand.class, SqlCommand.class, RunCommand.class, QueryCommand.class, JobsCommand.class,
            ProduceCommand.class, PackageCommand.class, DeployCommand.class, LocalCommand.class, KvCommand.class, ReconcileCommand.class, QualityCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 user error (bad input, definitions or arguments), a server that does not "
                + "answer, or a job that failed while running, 2 internal error, 3 a quality breach.",
                "Example: rtw meta validate sql/"})
public final class Rtw {

    /** Builds the command line used by {@link Main} and by tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Rtw());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Every date option (--bizdate, --from, --to, --day): picocli's own message names java.time classes.
        cl.registerConverter(LocalDate.class, text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a date: write yyyy-MM-dd, e.g. "
                        + "2026-11-21");
            }
        });
        Failures failures = new Failures();
        cl.setParameterExceptionHandler(failures);
        cl.setExecutionExceptionHandler(failures);
        return cl;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rtw.class.getPackage().getImplementationVersion();
            return new String[] {"rtw " + (v == null ? "(development build)" : v)};
        }
    }
}
