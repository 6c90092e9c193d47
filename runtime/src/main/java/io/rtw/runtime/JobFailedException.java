package io.rtw.runtime;

/**
 * A submitted job that failed while running (bad data a sink refuses, a server out of reach): the message names the
 * job and its innermost cause, secrets masked; not a failure of rtw itself.
 */
public final class JobFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
