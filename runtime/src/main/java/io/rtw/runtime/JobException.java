package io.rtw.runtime;

/** A job that cannot run as written: the message (masked) says why; nothing was submitted. */
public final class JobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that holds no secret. */
    public JobException(String message) {
        super(message);
    }
}
