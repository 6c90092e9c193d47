package io.rtw.runtime;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a job's new version does with a savepoint's state: every operator with state in the savepoint either exists in
 * the new version (its state is restored) or not (its state would be dropped). This is the check Flink makes when it
 * restores a job, made before the running version is stopped. Flink restores state by id alone, so an operator that
 * kept its id but does something else (the planner's uids number plan nodes: another GROUP BY in the same place keeps
 * the id) is told apart by its description, where the running job shows it (the first operator of each chain).
 *
 * @param restored the savepoint's operators with state that the new version has, doing what they did
 * @param changed the savepoint's operators with state that the new version has, doing something else
 * @param dropped the savepoint's operators with state that the new version lacks
 */
public record StateMapping(List<Saved> restored, List<Changed> changed, List<Saved> dropped) {

    /**
     * An operator with state whose id the new version keeps for another operation.
     *
     * @param saved the operator in the savepoint
     * @param was what it did, as the running job describes it
     * @param now what the new version's operator of that id does
     */
    public record Changed(Saved saved, String was, String now) {}

    /**
     * An operator with state in a savepoint.
     *
     * @param id the id its state is filed under, 32 hex digits
     * @param name its name (its uid beside it when the savepoint keeps one), else its id
     */
    public record Saved(String id, String name) {}

    /**
     * The operators with state in the savepoint at {@code location} (a directory holding {@code _metadata}, on any
     * file system the client's Flink reads), named by {@code names} (operator ids to names: the running job's) where
     * the savepoint does not name them. Flink's rule: state is an operator's coordinator state or any subtask's state.
     */
    public static List<Saved> saved(String location, Map<String, String> names) throws IOException {
        CompletedCheckpointStorageLocation savepoint = AbstractFsCheckpointStorageAccess
                .resolveCheckpointPointer(location);
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(savepoint.getMetadataHandle().openInputStream())) {
            metadata = Checkpoints.loadCheckpointMetadata(in, Thread.currentThread().getContextClassLoader(),
                    savepoint.getExternalPointer());
        }
        List<Saved> out = new ArrayList<>();
        for (OperatorState state : metadata.getOperatorStates()) {
            if (state.getCoordinatorState() == null
                    && state.getStates().stream().noneMatch(OperatorSubtaskState::hasState)) {
                continue;
            }
            String id = state.getOperatorID().toHexString();
            String name = state.getOperatorName().filter(n -> !n.isBlank()).orElse(names.getOrDefault(id, id));
            out.add(new Saved(id, name + state.getOperatorUid().filter(u -> !u.isBlank()).map(u -> " (uid " + u + ")")
                    .orElse("")));
        }
        return out;
    }

    /**
     * The mapping of {@code saved} onto the operators of a job's new version, {@code described} giving what the
     * running job's operators do by their ids (those it describes).
     */
    public static StateMapping of(List<Saved> saved, List<JobOperators.Operator> planned,
            Map<String, String> described) {
        Map<String, JobOperators.Operator> byId = planned.stream()
                .collect(Collectors.toMap(JobOperators.Operator::id, o -> o, (a, b) -> a));
        List<Saved> restored = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        List<Saved> dropped = new ArrayList<>();
        for (Saved s : saved) {
            JobOperators.Operator now = byId.get(s.id());
            String was = described.get(s.id());
            if (now == null) {
                dropped.add(s);
            } else if (was != null && !was.equals(now.description())) {
                changed.add(new Changed(s, was, now.description()));
            } else {
                restored.add(s);
            }
        }
        return new StateMapping(restored, changed, dropped);
    }

    /** What the new version would restore into changed operators: {@code   - NAME, id ID: was X, now Y}. */
    public String changedText() {
        return changed.stream().map(c -> "  - " + c.saved().name() + ", id " + c.saved().id() + "\n      was: "
                + c.was() + "\n      now: " + c.now()).collect(Collectors.joining("\n"));
    }

    /** What the new version would drop, one operator a line: {@code   - NAME, id ID}. */
    public String droppedText() {
        return dropped.stream().map(s -> "  - " + s.name() + ", id " + s.id()).collect(Collectors.joining("\n"));
    }
}
