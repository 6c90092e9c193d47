package io.rtw.meta;

import java.util.Locale;

/** The execution mode a meta-table is compiled for: the same SQL runs in both. */
public enum Mode {
    STREAM,
    BATCH;

    /** The lower-case name used in YAML, templates and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code stream} or {@code batch}, case-insensitively. */
    public static Mode of(String text) {
        for (Mode m : values()) {
            if (m.id().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + text + "'; allowed: stream, batch");
    }
}
