package io.rtw.stream;

import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.RunExtras;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) or SIGTERM on a stream job that runs on the local cluster until stopped: the first stops the job
 * with a savepoint (its windows' state and its Kafka offsets kept, so a run resumed from it goes on where this one
 * stopped), a second one exits at once. Without it the process died with the job, and a new run started the day's
 * cumulative windows empty from the committed offsets. (A shell without job control starts background commands
 * with SIGINT ignored, and the JVM cannot take it back; SIGTERM, what service managers send, works there.)
 */
final class LocalStop implements RunExtras.Waiting {

    private static final List<Signal> SIGNALS = List.of(new Signal("INT"), new Signal("TERM"));
    private static final int ATTEMPTS = 10;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicReference<String> savepoint = new AtomicReference<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Thread stopping;

    private LocalStop(String jobId, FlinkRest rest, String directory, PrintWriter progress) {
        SignalHandler handler = signal -> {
            if (!requested.compareAndSet(false, true)) {
                progress.println("rtw: stopped at once; the job's last checkpoint is kept");
                System.exit(130);
            }
            progress.println("stopping job " + jobId + " with a savepoint (Ctrl-C again to stop at once)");
            Thread t = new Thread(() -> stop(jobId, rest, directory, progress), "rtw-local-stop");
            t.setDaemon(true);
            stopping = t;
            t.start();
        };
        for (Signal s : SIGNALS) {
            try {
                previous.add(Signal.handle(s, handler));
            } catch (IllegalArgumentException reserved) {
                // The JVM keeps this signal (java -Xrs): it stops the process as before.
                previous.add(null);
            }
        }
    }

    /** Handles Ctrl-C for {@code jobId} until closed; savepoints go to {@code directory}. */
    static LocalStop install(String jobId, FlinkRest rest, String directory, PrintWriter progress) {
        return new LocalStop(jobId, rest, directory, progress);
    }

    /** The savepoint the job stopped with, once the job has ended; empty when no stop was asked for. */
    @Override
    public Optional<String> savepoint() {
        Thread t = stopping;
        if (t != null) {
            try {
                t.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.ofNullable(savepoint.get());
    }

    private void stop(String jobId, FlinkRest rest, String directory, PrintWriter progress) {
        for (int attempt = 1; ; attempt++) {
            try {
                savepoint.set(rest.savepoint(jobId, Optional.of(directory), true, Duration.ofMinutes(2)));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A job whose tasks are still being deployed cannot take a savepoint yet: ask again shortly.
                if (attempt == ATTEMPTS) {
                    progress.println("rtw: the savepoint failed (" + e.getMessage() + "); stopped at once, the job's "
                            + "last checkpoint is kept");
                    System.exit(130);
                }
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Gives the signals back to the JVM's own handling. */
    @Override
    public void close() {
        for (int i = 0; i < SIGNALS.size(); i++) {
            if (previous.get(i) != null) {
                Signal.handle(SIGNALS.get(i), previous.get(i));
            }
        }
    }
}
