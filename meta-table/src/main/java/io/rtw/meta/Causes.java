package io.rtw.meta;

/** What an exception and its causes say, in one line: where the real reason of a failure usually is. */
public final class Causes {

    private Causes() {}

    /** The exception's message followed by each cause's that adds something, joined with {@code : }. */
    public static String messages(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !b.toString().contains(t.getMessage())) {
                b.append(": ").append(t.getMessage());
            }
        }
        return b.toString();
    }

    /** The innermost cause as {@code SimpleName: message}. */
    public static String innermost(Throwable e) {
        Throwable t = root(e);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** The innermost cause of {@code e}, or {@code e} itself without one. */
    public static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
