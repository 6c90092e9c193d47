package io.rtw.cli;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Problem;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The top-level {@code rtw} command and the one place exit codes are decided. */
@Command(
        name = "rtw",
        mixinStandardHelpOptions = true,
        versionProvider = Rtw.Version.class,
        description = "Real-time data warehouse on Apache Flink: meta-tables, one SQL codebase for stream "
                + "and batch.",
        subcommands = {MetaCommand.class, SqlCommand.class, RunCommand.class, QueryCommand.class, JobsCommand.class,
            ProduceCommand.class, io.rtw.local.LocalCommand.class, io.rtw.kv.hbase.KvCommand.class,
            io.rtw.quality.ReconcileCommand.class, io.rtw.quality.QualityCommand.class, DemoCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 user error (bad input, definitions or arguments), a server that does not "
                + "answer, or a job that failed while running, 2 internal error, 3 a quality breach.",
                "Example: rtw meta validate sql/"})
public final class Rtw {

    /** Exit code for a mistake the user can fix, or a job that failed while running (its data or its servers). */
    static final int USER_ERROR = 1;
    /** Exit code for a failure of rtw itself. */
    static final int INTERNAL_ERROR = 2;

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
        // A ParameterException a command throws once parsed (a count below 1, say) comes here too.
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("rtw: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof DefinitionException d) {
                for (Problem p : d.problems()) {
                    err.println(p);
                }
                err.println(d.problems().size() == 1 ? "1 problem" : d.problems().size() + " problems");
                return USER_ERROR;
            }
            if (ex instanceof UserException || ex instanceof io.rtw.runtime.JobException
                    || ex instanceof io.rtw.meta.binding.BindingException
                    || ex instanceof io.rtw.runtime.JobFailedException) {
                err.println("rtw: " + ex.getMessage());
                return USER_ERROR;
            }
            err.println("rtw: internal error: " + ex);
            if (System.getenv("RTW_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set RTW_DEBUG=1 to see the stack trace)");
            }
            return INTERNAL_ERROR;
        });
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
