package io.rtw.kv.hbase;

/**
 * Why a serving table could not be read or created from outside a job, in one line with secrets masked: a mistake
 * the caller can fix (a table that is not there, a name HBase does not take), HBase refusing it, or HBase not
 * answering ({@link #unanswered()}).
 */
public final class KvException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean unanswered;

    KvException(String message, boolean unanswered) {
        super(message);
        this.unanswered = unanswered;
    }

    /** True when HBase did not answer in time (it may be down), false for a mistake or a refusal. */
    public boolean unanswered() {
        return unanswered;
    }
}
