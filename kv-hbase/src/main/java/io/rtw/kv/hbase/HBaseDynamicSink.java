package io.rtw.kv.hbase;

import org.apache.flink.streaming.api.datastream.DataStreamSink;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DataStreamSinkProvider;
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

    /**
     * A rate-limited sink with versioned cells spreads rows evenly over its subtasks: each paces itself at its
     * share of the limit, so rows arriving keyed on a few hot keys (a day's handful of channels) would leave the
     * other subtasks idle and the job below its limit. With versioned cells what a reader sees is the newest
     * version not covered by a delete, whichever subtask wrote a row of the key first.
     */
    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        HBaseSink sink = new HBaseSink(connection, schema, settings);
        if (!(settings.limited() && schema.versioned())) {
            return SinkV2Provider.of(sink, parallelism);
        }
        return (DataStreamSinkProvider) (provider, rows) -> {
            DataStreamSink<?> out = rows.rebalance().sinkTo(sink).name(asSummaryString());
            provider.generateUid("writer").ifPresent(out::uid);
            if (parallelism != null) {
                out.setParallelism(parallelism);
            }
            return out;
        };
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
