package io.rtw.cli;

/** A mistake in how rtw was called that the user can fix; printed without a stack trace, exit code 1. */
final class UserException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UserException(String message) {
        super(message);
    }
}
