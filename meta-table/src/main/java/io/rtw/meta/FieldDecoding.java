package io.rtw.meta;

import java.util.List;
import java.util.Optional;

/**
 * How a stream field is read from its JSON value beyond its type: the text format of a time ({@code iso-8601},
 * {@code epoch-seconds}, {@code epoch-millis} or a {@link java.time.format.DateTimeFormatter} pattern), the zone of
 * a time written without an offset (the project's time zone when absent), and whether a STRING field keeps any JSON
 * value as its JSON text ({@code json: raw}) instead of refusing objects and arrays.
 */
public record FieldDecoding(Optional<String> format, Optional<String> zone, boolean rawJson) {

    /** The named time formats; anything else given as a format is a pattern. */
    public static final List<String> TIME_FORMATS = List.of("iso-8601", "epoch-seconds",
            "epoch-millis");
}
