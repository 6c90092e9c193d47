package io.rtw.runtime;

import java.io.PrintWriter;

/**
 * A line printed if the process ends (Ctrl-C, SIGTERM) while a step is under way, for what the process leaves
 * behind it (a job on a cluster, servers); closing it ends the step and the line is not printed.
 */
public final class ExitNotice implements AutoCloseable {

    private final Thread hook;

    private ExitNotice(Thread hook) {
        this.hook = hook;
    }

    /** Prints {@code line} to {@code out} if the JVM exits before {@link #close}. */
    public static ExitNotice whileRunning(PrintWriter out, String line) {
        Thread t = new Thread(() -> {
            out.println(line);
            out.flush();
        }, "rtw-exit-notice");
        Runtime.getRuntime().addShutdownHook(t);
        return new ExitNotice(t);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the line is being printed.
        }
    }
}
