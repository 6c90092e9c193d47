package io.rtw.cli;

import io.rtw.batch.Backfill;
import io.rtw.kv.hbase.KvException;
import io.rtw.local.LocalServersException;
import io.rtw.meta.DefinitionException;
import io.rtw.meta.Problem;
import io.rtw.meta.binding.BindingException;
import io.rtw.runtime.JobException;
import io.rtw.runtime.JobFailedException;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The one place that turns what a command threw into the lines the user reads and the exit code: commands throw,
 * never print their own errors. A mistake the user can fix is one line (or a definition's every problem at its
 * location) without a stack trace; anything else is an internal error, with its stack under {@code RTW_DEBUG=1}.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    /** Bad arguments, also a ParameterException a command throws once parsed (a count below 1, say). */
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("rtw: " + ex.getMessage());
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return ExitCode.USER_ERROR.code();
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        ExitCode code = report(ex, err);
        err.flush();
        return code.code();
    }

    /** Prints what {@code ex} means for the user to {@code err}; returns the exit code it stands for. */
    static ExitCode report(Exception ex, PrintWriter err) {
        if (ex instanceof DefinitionException d) {
            for (Problem p : d.problems()) {
                err.println(p);
            }
            err.println(d.problems().size() == 1 ? "1 problem" : d.problems().size() + " problems");
            return ExitCode.USER_ERROR;
        }
        if (ex instanceof UserException || ex instanceof JobException || ex instanceof JobFailedException
                || ex instanceof Backfill.Failed || ex instanceof BindingException) {
            err.println("rtw: " + ex.getMessage());
            return ExitCode.USER_ERROR;
        }
        if (ex instanceof KvException k) {
            err.println("rtw: " + k.getMessage() + (k.unanswered()
                    ? " (is HBase up? rtw local status shows the local one)" : ""));
            return ExitCode.USER_ERROR;
        }
        if (ex instanceof LocalServersException l) {
            // A mistake the caller can fix (a port in use), or a server that failed on its own (its log's tail).
            err.println("rtw: " + l.getMessage());
            return l.userError() ? ExitCode.USER_ERROR : ExitCode.INTERNAL_ERROR;
        }
        if (ex instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println("rtw: interrupted");
            return ExitCode.INTERNAL_ERROR;
        }
        err.println("rtw: internal error: " + ex);
        if (System.getenv("RTW_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set RTW_DEBUG=1 to see the stack trace)");
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
