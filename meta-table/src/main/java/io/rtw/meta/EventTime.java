package io.rtw.meta;

import java.time.Duration;

/** The event-time column and how far the watermark trails the largest event time seen. */
public record EventTime(String column, Duration watermarkDelay) {}
