package io.rtw.runtime;

import io.rtw.meta.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Ctrl-C while a run waits for its job says the job does next, for each kind of run. */
class InterruptNoticeTest {

    private static final String ID = "7b2d49e7016d89673eac58d209bb1f54";

    @Test
    void aClustersJobKeepsRunningAndTheLineSaysHowToCancelIt() {
        assertThat(JobSubmitter.interruptNotice(Target.parse("flink-1.prod:8081"), Mode.BATCH, false, ID))
                .contains("rtw: interrupted; job " + ID + " keeps running on the cluster at flink-1.prod:8081"
                        + " (rtw jobs cancel " + ID + " --target flink-1.prod:8081 stops it)");
    }

    @Test
    void aLocalBoundedRunEndsUncommittedTopicOffsetsIncluded() {
        assertThat(JobSubmitter.interruptNotice(Target.local(), Mode.STREAM, true, ID))
                .contains("rtw: interrupted; job " + ID + " ended unfinished with this process. A bounded run commits"
                        + " its Paimon tables and the topic's offsets only when it finishes: run it again for the"
                        + " results (rows it wrote to a serving store stay until then)");
    }

    @Test
    void aLocalBatchRunEndsUncommitted() {
        assertThat(JobSubmitter.interruptNotice(Target.local(), Mode.BATCH, false, ID)).hasValueSatisfying(
                line -> assertThat(line).contains("A batch run commits its Paimon tables only when it finishes")
                        .doesNotContain("offsets"));
    }

    @Test
    void aLocalStreamJobHasNoLineItStopsWithASavepoint() {
        assertThat(JobSubmitter.interruptNotice(Target.local(), Mode.STREAM, false, ID)).isEmpty();
    }
}
