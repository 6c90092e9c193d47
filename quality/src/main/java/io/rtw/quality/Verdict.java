package io.rtw.quality;

/** What the comparison of one key, minute and measure of two results concluded. */
enum Verdict {
    /** Equal, or within the sketch tolerance. */
    OK(false),
    /** Different, and the late records of the key up to that minute explain the difference. */
    LATE(false),
    /** Different beyond tolerance and beyond what late records explain. */
    BREACH(true),
    /** The minute is in the right result only. */
    MISSING_LEFT(true),
    /** The minute is in the left result only. */
    MISSING_RIGHT(true);

    private final boolean failing;

    Verdict(boolean failing) {
        this.failing = failing;
    }

    /** Whether this verdict fails the reconciliation (non-zero exit). */
    boolean failing() {
        return failing;
    }

    /** The verdict as stored and printed: lower case. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
