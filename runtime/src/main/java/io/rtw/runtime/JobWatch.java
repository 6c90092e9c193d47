package io.rtw.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * While a run waits for its job: prints, every second, each failure the job restarts from (a server out of reach, a
 * record a sink refuses), so a restarting job is not silent, and now and then the records its sources have read.
 */
final class JobWatch implements AutoCloseable {

    /** Job states in which the newest failure of the history is the one that ended the job (the run reports it). */
    private static final Set<String> ENDED_BY_FAILURE = Set.of("FAILING", "FAILED");

    private final FlinkRest rest;
    private final String id;
    private final PrintWriter progress;
    private final UnaryOperator<String> mask;
    private final int progressSeconds;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread thread;
    private long seen;
    private int failures;
    private long records;
    private long recordsAt = System.nanoTime();

    private JobWatch(FlinkRest rest, String id, PrintWriter progress, UnaryOperator<String> mask, int progressSeconds) {
        this.rest = rest;
        this.id = id;
        this.progress = progress;
        this.mask = mask;
        this.progressSeconds = progressSeconds;
        this.thread = new Thread(this::run, "rtw-job-watch");
        thread.setDaemon(true);
    }

    /** Starts watching job {@code id} through {@code rest}; nothing to watch without a REST endpoint. */
    static Optional<JobWatch> start(Optional<FlinkRest> rest, String id, PrintWriter progress,
            UnaryOperator<String> mask, int progressSeconds) {
        Optional<JobWatch> watch = rest.map(r -> new JobWatch(r, id, progress, mask, progressSeconds));
        watch.ifPresent(w -> w.thread.start());
        return watch;
    }

    /**
     * The failures of {@code history} (oldest first) newer than {@code seen} that the job restarted from: all of them,
     * except the newest when {@code stateAfter}, the job's state read after the history, says that one ended the job.
     * Reading the state after the history means a history older than the state can only hold back a line, never
     * print a restart that did not happen.
     */
    static List<FlinkRest.Failure> restartsAfter(long seen, List<FlinkRest.Failure> history, String stateAfter) {
        List<FlinkRest.Failure> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            boolean ending = i == history.size() - 1 && ENDED_BY_FAILURE.contains(stateAfter);
            if (history.get(i).timestamp() > seen && !ending) {
                out.add(history.get(i));
            }
        }
        return out;
    }

    private void run() {
        try {
            for (long tick = 1; !ended.await(1, TimeUnit.SECONDS); tick++) {
                poll(tick % progressSeconds == 0);
            }
            poll(false); // the job has ended: the failures it restarted from since the last look
        } catch (InterruptedException e) {
            // closed while a request waited
        }
    }

    private void poll(boolean withProgress) throws InterruptedException {
        try {
            List<FlinkRest.Failure> history = rest.failures(id);
            for (FlinkRest.Failure f : restartsAfter(seen, history, rest.state(id))) {
                seen = f.timestamp();
                failures++;
                progress.println("job " + id + " failed (" + failures + (failures == 1 ? " time" : " times")
                        + ") and restarts: " + mask.apply(f.cause()));
            }
            if (withProgress) {
                long now = rest.sourceRecords(id);
                if (now != records) {
                    double seconds = (System.nanoTime() - recordsAt) / 1e9;
                    progress.println(String.format(Locale.ROOT, "job %s: %,d records read (%,.0f/s)",
                            id, now, Math.max(0, now - records) / seconds));
                    records = now;
                    recordsAt = System.nanoTime();
                }
            }
        } catch (IOException | RuntimeException e) {
            // The job is not known yet, or its cluster is gone: the run's own wait reports how it ended.
        }
    }

    /** Ends the watch after one last look at the job's failures, which may take up to three seconds. */
    @Override
    public void close() {
        ended.countDown();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
