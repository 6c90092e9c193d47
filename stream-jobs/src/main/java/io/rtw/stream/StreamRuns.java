package io.rtw.stream;

import io.rtw.meta.Mode;
import io.rtw.meta.Secrets;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.RunExtras;
import io.rtw.runtime.RunOptions;

import java.io.PrintWriter;

/**
 * What a stream run adds to the runtime's steps: a bounded replay's fixed sources, or a job run until stopped; and
 * runs of a job file in its mode.
 */
public final class StreamRuns {

    private StreamRuns() {}

    /**
     * Runs {@code request}'s job in its mode: a stream run with what it adds here, a batch day as the runtime runs it
     * (which refuses one with preconditions: batch-jobs' day run checks them).
     *
     * @param progress receives the run's progress lines
     */
    public static JobSubmitter.Outcome run(JobRequest request, Secrets secrets, PrintWriter progress) {
        RunExtras extras = request.mode() == Mode.STREAM ? extras(request.options(), progress) : RunExtras.NONE;
        return new JobSubmitter(secrets, progress).run(request, extras);
    }

    /** What a stream run with {@code options} adds; Ctrl-C's lines go to {@code progress}. */
    public static RunExtras extras(RunOptions options, PrintWriter progress) {
        return options.bounded() ? new Replay() : new UntilStopped(progress);
    }
}
