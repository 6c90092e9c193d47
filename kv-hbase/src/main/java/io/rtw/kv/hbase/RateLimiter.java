package io.rtw.kv.hbase;

/**
 * Paces one subtask at its share of a job-wide rows-per-second limit.
 *
 * <p>Why a share and not a coordinator: each of the N subtasks takes exactly {@code limit / N}, read from its
 * runtime context, so the subtasks' rates add up to the limit without any communication and the limit
 * still holds after a rescale (a restarted job computes new shares). A sink's input is normally
 * hash-partitioned by key and so spread evenly; when it is skewed the job writes below the limit, never
 * above it, which is the side a limit that protects HBase must err on. A coordinator could hand unused share
 * to busy subtasks, at the price of a round trip per permit batch and state to recover.
 *
 * <p>Rows go {@code 1 / rate} seconds apart. Time the subtask loses behind schedule (a flush to HBase on the
 * same thread, a late wake-up) is caught up if it is at most one second (or one interval, if longer), so
 * the average holds; longer idle time is not saved up, so a burst never exceeds one second's worth of rows.
 */
final class RateLimiter {

    /** How far behind schedule the limiter may be and still catch up (a burst of at most this much). */
    private static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final long maxLagNanos;
    private long nextFreeNanos;

    private RateLimiter(double rowsPerSecond) {
        this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / rowsPerSecond));
        this.maxLagNanos = Math.max(intervalNanos, MAX_CATCH_UP_NANOS);
        this.nextFreeNanos = Long.MIN_VALUE;
    }

    /** The limiter of one of {@code parallelism} subtasks for a job-wide limit of {@code jobRowsPerSecond}. */
    static RateLimiter forSubtask(double jobRowsPerSecond, int parallelism) {
        if (!(jobRowsPerSecond > 0) || Double.isInfinite(jobRowsPerSecond)) {
            throw new IllegalArgumentException("rate limit must be a positive number of rows per second, got "
                    + jobRowsPerSecond);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        return new RateLimiter(jobRowsPerSecond / parallelism);
    }

    /** Nanoseconds between two rows of this subtask. */
    long intervalNanos() {
        return intervalNanos;
    }

    /** Blocks until the next row may go. */
    void acquire() throws InterruptedException {
        long now = System.nanoTime();
        long start;
        if (nextFreeNanos == Long.MIN_VALUE || now - nextFreeNanos > maxLagNanos) {
            start = now; // first row, or idle for long: no saved-up burst
        } else {
            start = nextFreeNanos; // on schedule, or behind by a flush or a late wake-up: caught up
        }
        long wait = start - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        nextFreeNanos = start + intervalNanos;
    }
}
