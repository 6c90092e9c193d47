package io.rtw.local;

/**
 * A local server could not be started, stopped or found. {@link #userError()} tells a mistake the caller
 * can fix (a port in use, an unknown server) from a server that failed on its own; the message of the
 * latter carries the tail of the server's log.
 */
public final class LocalServersException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean userError;

    LocalServersException(String message, boolean userError) {
        super(message);
        this.userError = userError;
    }

    /** True when the caller can fix the cause (exit code 1), false for a failure of a server (exit code 2). */
    public boolean userError() {
        return userError;
    }
}
