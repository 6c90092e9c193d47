package io.rtw.kv.hbase;

import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;

/** The planner's view of the HBase sink: keyed by the PRIMARY KEY, taking the full changelog. */
final class HBaseDynamicSink implements DynamicTableSink {

    private final ConnectionConfig connection;
    private final HBaseSchema schema;
    private final SinkSettings settings;
    private final Integer parallelism;

    HBaseDynamicSink(ConnectionConfig connection, HBaseSchema schema, SinkSettings settings, Integer parallelism) {
        this.connection = connection;
        this.schema = schema;
        this.settings = settings;
        this.parallelism = parallelism;
    }

    /**
     * Every kind, UPDATE_BEFORE included: when a filter after an aggregation drops a key, the planner's only
     * trace of it is an UPDATE_BEFORE with no UPDATE_AFTER, which must delete the HBase row (an upsert-only
     * sink would have it dropped and keep the stale row).
     */
    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.all();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(new HBaseSink(connection, schema, settings), parallelism);
    }

    @Override
    public DynamicTableSink copy() {
        return new HBaseDynamicSink(connection, schema, settings, parallelism);
    }

    @Override
    public String asSummaryString() {
        return "rtw-hbase(" + connection.tableName() + ")";
    }
}
