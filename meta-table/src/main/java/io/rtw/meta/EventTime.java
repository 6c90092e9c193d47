package io.rtw.meta;

import java.time.Duration;

/**
 * The event-time column, how far the watermark trails the largest event time seen, and whether the
 * stream source emits a watermark after every record ({@code on-event}: exact, repeatable lateness, for
 * replays and tests) or periodically ({@code on-periodic}: cheaper, the default).
 */
public record EventTime(String column, Duration watermarkDelay, boolean emitOnEvent) {

    /** Periodic watermark emission. */
    public EventTime(String column, Duration watermarkDelay) {
        this(column, watermarkDelay, false);
    }
}
