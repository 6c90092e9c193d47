package io.rtw.kv.hbase;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the sink buffers, retries and paces its writes.
 *
 * @param flushMaxRows distinct row keys buffered before a flush
 * @param flushInterval longest time a row waits in the buffer; zero for none
 * @param maxRetries retries of a failed batch before the task fails
 * @param initialBackoff wait before the first retry, doubled per retry
 * @param maxBackoff longest wait between retries
 * @param rateLimit rows per second for the whole job; 0 for no limit
 */
record SinkSettings(int flushMaxRows, Duration flushInterval, int maxRetries, Duration initialBackoff,
        Duration maxBackoff, double rateLimit) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Whether {@link #rateLimit()} applies. */
    boolean limited() {
        return rateLimit > 0;
    }
}
