package io.rtw.runtime;

import org.apache.flink.api.dag.Transformation;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.StatementSetImpl;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The operators of a planned job with the ids Flink files their state under in a savepoint: each operator's id is the
 * hash of its uid (the planner sets one on every operator it creates), or of its place in the graph where a connector
 * set none, computed by the hasher Flink's job graph uses.
 */
public final class JobOperators {

    /**
     * One operator of a planned job.
     *
     * @param id the id its state is filed under in a savepoint, 32 hex digits
     * @param uid its uid, empty when it has none (its id then comes from its place in the graph)
     * @param name its name, as the cluster's web UI shows it
     * @param description what it does (for the planner's operators, their part of the query: keys, aggregates)
     */
    public record Operator(String id, String uid, String name, String description) {}

    private JobOperators() {}

    /** The operators of {@code statementSet} planned in {@code env}, in the order of the graph's nodes. */
    static List<Operator> of(TableEnvironment env, StatementSet statementSet) {
        List<Transformation<?>> transformations = ((TableEnvironmentImpl) env).getPlanner()
                .translate(((StatementSetImpl<?>) statementSet).getOperations());
        StreamExecutionEnvironment streams = new StreamExecutionEnvironment();
        // The table configuration decides chaining, and chaining goes into the ids of operators without a uid.
        streams.configure(env.getConfig(), Thread.currentThread().getContextClassLoader());
        StreamGraph graph = streams.generateStreamGraph(transformations);
        Map<Integer, byte[]> hashes = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph);
        List<Operator> out = new ArrayList<>();
        List<StreamNode> nodes = new ArrayList<>(graph.getStreamNodes());
        nodes.sort(Comparator.comparingInt(StreamNode::getId));
        for (StreamNode node : nodes) {
            String uid = node.getTransformationUID();
            out.add(new Operator(new OperatorID(hashes.get(node.getId())).toHexString(), uid == null ? "" : uid,
                    node.getOperatorName(), node.getOperatorDescription()));
        }
        return out;
    }
}
