package io.rtw.meta.binding;

import java.util.Locale;

/** The block of a meta-table a binding sits in. */
public enum Side {
    /** The {@code stream:} block: read when compiling for stream mode. */
    STREAM,
    /** The {@code batch:} block: read when compiling for batch mode. */
    BATCH,
    /** The {@code kv:} block: a serving table used in both modes. */
    KV;

    /** The YAML key of this side's block. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
