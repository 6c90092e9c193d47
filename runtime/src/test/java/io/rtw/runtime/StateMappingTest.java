package io.rtw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reading the operators with state from a savepoint's metadata, and mapping them onto a new version's operators. */
class StateMappingTest {

    private static final OperatorID AGG = new OperatorID(1, 1);
    private static final OperatorID SOURCE = new OperatorID(2, 2);
    private static final OperatorID CALC = new OperatorID(3, 3);

    @Test
    void aSavepointsOperatorsWithStateAreReadWithTheirNamesAndUidsOrTheRunningJobsNames(@TempDir Path dir)
            throws Exception {
        OperatorState agg = new OperatorState("GroupAggregate[4]", "4_group-aggregate", AGG, 2, 128);
        agg.putState(0, OperatorSubtaskState.builder().setManagedOperatorState(new OperatorStreamStateHandle(Map.of(),
                new ByteStreamStateHandle("agg-0", new byte[] {1, 2, 3}))).build());
        OperatorState source = new OperatorState(null, null, SOURCE, 1, 128);
        source.setCoordinatorState(new ByteStreamStateHandle("enumerator", new byte[] {7}));
        // A stateless operator is in the metadata with empty subtask states: nothing of it would be dropped.
        OperatorState calc = new OperatorState("Calc[5]", "5_calc", CALC, 2, 128);
        calc.putState(0, OperatorSubtaskState.builder().build());
        try (OutputStream out = Files.newOutputStream(dir.resolve("_metadata"))) {
            Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(7, List.of(agg, source, calc), List.of()), out);
        }

        assertThat(StateMapping.saved(dir.toUri().toString(), Map.of(SOURCE.toHexString(), "Source: app_events")))
                .containsExactlyInAnyOrder(
                        new StateMapping.Saved(AGG.toHexString(), "GroupAggregate[4] (uid 4_group-aggregate)"),
                        new StateMapping.Saved(SOURCE.toHexString(), "Source: app_events"));
    }

    @Test
    void eachOperatorWithStateIsRestoredChangedOrDropped() {
        StateMapping.Saved agg = new StateMapping.Saved(AGG.toHexString(), "GroupAggregate[4]");
        StateMapping.Saved source = new StateMapping.Saved(SOURCE.toHexString(), "Source: app_events");
        StateMapping.Saved calc = new StateMapping.Saved(CALC.toHexString(), "Calc[5]");
        List<JobOperators.Operator> planned = List.of(
                new JobOperators.Operator(AGG.toHexString(), "4_group-aggregate", "GroupAggregate[4]",
                        "[4]:GroupAggregate(groupBy=[channel, user_id], select=[channel, user_id, SUM(pv) AS pv])"),
                new JobOperators.Operator(SOURCE.toHexString(), "1_source", "Source", "[1]:TableSourceScan(...)"));

        StateMapping mapping = StateMapping.of(List.of(agg, source, calc), planned, Map.of(
                AGG.toHexString(), "[4]:GroupAggregate(groupBy=[channel], select=[channel, SUM(pv) AS EXPR$1])",
                SOURCE.toHexString(), "[1]:TableSourceScan(...)"));

        assertThat(mapping.restored()).containsExactly(source);
        assertThat(mapping.dropped()).containsExactly(calc);
        assertThat(mapping.droppedText()).isEqualTo("  - Calc[5], id " + CALC.toHexString());
        assertThat(mapping.changedText()).isEqualTo("  - GroupAggregate[4], id " + AGG.toHexString() + "\n"
                + "      was: [4]:GroupAggregate(groupBy=[channel], select=[channel, SUM(pv) AS EXPR$1])\n"
                + "      now: [4]:GroupAggregate(groupBy=[channel, user_id], select=[channel, user_id, SUM(pv) AS pv])");
    }
}
