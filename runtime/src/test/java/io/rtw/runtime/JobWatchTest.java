package io.rtw.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures of a job's exception history are printed as restarts, given the state read after the history. */
class JobWatchTest {

    private static final FlinkRest.Failure F1 = new FlinkRest.Failure(100, "E: one");
    private static final FlinkRest.Failure F2 = new FlinkRest.Failure(200, "E: two");
    private static final FlinkRest.Failure F3 = new FlinkRest.Failure(300, "E: three");

    @Test
    void aRestartingJobRestartedFromEveryNewFailure() {
        assertThat(JobWatch.restartsAfter(0, List.of(F1, F2), "RESTARTING")).containsExactly(F1, F2);
        assertThat(JobWatch.restartsAfter(100, List.of(F1, F2), "RUNNING")).containsExactly(F2);
        assertThat(JobWatch.restartsAfter(200, List.of(F1, F2), "RUNNING")).isEmpty();
    }

    @Test
    void theNewestFailureOfAFailedJobEndedItAndTheOnesBeforeWereRestarts() {
        // the case a two-second look missed: the second failure first seen together with the last
        assertThat(JobWatch.restartsAfter(100, List.of(F1, F2, F3), "FAILED")).containsExactly(F2);
        assertThat(JobWatch.restartsAfter(100, List.of(F1, F2, F3), "FAILING")).containsExactly(F2);
        assertThat(JobWatch.restartsAfter(0, List.of(F1), "FAILED")).isEmpty();
    }

    @Test
    void aJobThatFinishedOrWasCancelledRestartedFromAllItsFailures() {
        assertThat(JobWatch.restartsAfter(0, List.of(F1, F2), "FINISHED")).containsExactly(F1, F2);
        assertThat(JobWatch.restartsAfter(0, List.of(F1), "CANCELED")).containsExactly(F1);
    }
}
