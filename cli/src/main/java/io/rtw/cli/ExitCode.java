package io.rtw.cli;

/** The exit codes of {@code rtw} besides 0 for success, as README.md and docs/cli.md promise them. */
enum ExitCode {
    /**
     * A mistake the user can fix (bad input, definitions or arguments), a server that does not answer, or a job that
     * failed while running (its data or its servers).
     */
    USER_ERROR(1),
    /** A failure of rtw itself ({@code RTW_DEBUG=1} shows its stack), or a local server that failed on its own. */
    INTERNAL_ERROR(2),
    /** The data failed a quality check: a reconciliation breach or an error alert of a DQC rule. */
    QUALITY_BREACH(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit code. */
    int code() {
        return code;
    }
}
