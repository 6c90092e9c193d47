package io.rtw.kv.hbase;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.factories.FactoryUtil;

import java.time.Duration;

/** The options of the {@code rtw-hbase} connector, typed, with defaults and descriptions. */
public final class HBaseOptions {

    /** Prefix of options passed to the HBase client configuration as they are, minus the prefix. */
    public static final String PROPERTIES_PREFIX = "properties.";

    /** HBase table name. */
    public static final ConfigOption<String> TABLE_NAME = ConfigOptions.key("table-name")
            .stringType()
            .noDefaultValue()
            .withDescription("HBase table, 'namespace:table' or 'table' for the default namespace. It must exist "
                    + "with the column family.");

    /** ZooKeeper quorum of the HBase cluster. */
    public static final ConfigOption<String> ZOOKEEPER_QUORUM = ConfigOptions.key("zookeeper.quorum")
            .stringType()
            .noDefaultValue()
            .withDescription("HBase's ZooKeeper as host:port[,host:port...], e.g. 127.0.0.1:2181.");

    /** ZooKeeper parent znode of the HBase cluster. */
    public static final ConfigOption<String> ZOOKEEPER_ZNODE_PARENT = ConfigOptions.key("zookeeper.znode.parent")
            .stringType()
            .defaultValue("/hbase")
            .withDescription("HBase's root znode in ZooKeeper.");

    /** The column family holding the value columns. */
    public static final ConfigOption<String> COLUMN_FAMILY = ConfigOptions.key("column-family")
            .stringType()
            .defaultValue("f")
            .withDescription("Column family that holds every non-key column; the qualifier is the column name.");

    /** Separator of key columns in the row key. */
    public static final ConfigOption<String> ROW_KEY_DELIMITER = ConfigOptions.key("row-key.delimiter")
            .stringType()
            .defaultValue("|")
            .withDescription("Separator between the key columns in the row key. A delimiter or backslash inside "
                    + "a key value is escaped with a backslash, so keys stay unambiguous.");

    /** Timeout of one HBase operation. */
    public static final ConfigOption<Duration> REQUEST_TIMEOUT = ConfigOptions.key("request-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("How long one HBase write batch or get may take, including the client's own short "
                    + "retries, before it counts as a failed attempt.");

    /** Rows buffered per subtask before a flush. */
    public static final ConfigOption<Integer> SINK_BUFFER_FLUSH_MAX_ROWS = ConfigOptions.key("sink.buffer-flush.max-rows")
            .intType()
            .defaultValue(1000)
            .withDescription("Distinct row keys buffered per subtask before they are written. Several changes to "
                    + "one key within a buffer are written once, as the last change.");

    /** Longest time a row stays in the buffer. */
    public static final ConfigOption<Duration> SINK_BUFFER_FLUSH_INTERVAL = ConfigOptions.key("sink.buffer-flush.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Longest time a buffered row waits before it is written; 0 writes only when the buffer "
                    + "is full, at a checkpoint and at the end of input. Buffers are always written before a "
                    + "checkpoint completes.");

    /** Retries of a failed write batch. */
    public static final ConfigOption<Integer> SINK_MAX_RETRIES = ConfigOptions.key("sink.max-retries")
            .intType()
            .defaultValue(5)
            .withDescription("Retries of a write batch that failed, with exponential backoff; when they are used up "
                    + "the task fails and Flink's restart strategy recovers the job from its last checkpoint "
                    + "(writes are idempotent, so the replay does no harm).");

    /** First backoff between retries. */
    public static final ConfigOption<Duration> SINK_RETRY_INITIAL_BACKOFF = ConfigOptions.key("sink.retry.initial-backoff")
            .durationType()
            .defaultValue(Duration.ofMillis(500))
            .withDescription("Wait before the first retry; doubled for each further retry.");

    /** Longest backoff between retries. */
    public static final ConfigOption<Duration> SINK_RETRY_MAX_BACKOFF = ConfigOptions.key("sink.retry.max-backoff")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Longest wait between two retries.");

    /** Job-wide rate limit of the sink. */
    public static final ConfigOption<Double> SINK_RATE_LIMIT = ConfigOptions.key("sink.rate-limit")
            .doubleType()
            .noDefaultValue()
            .withDescription("Rows per second for the whole job, all parallel subtasks together (each of the N "
                    + "subtasks takes 1/N of it). No limit when not set.");

    /** Column whose value becomes the cell timestamp. */
    public static final ConfigOption<String> SINK_VERSION_COLUMN = ConfigOptions.key("sink.version-column")
            .stringType()
            .noDefaultValue()
            .withDescription("A BIGINT (epoch milliseconds) or TIMESTAMP column whose value is written as the cells' "
                    + "timestamp, e.g. the window end. A replay then writes identical cells, and a late, older "
                    + "record never hides a newer one. Without it HBase stamps cells with the write time.");

    /** Parallelism of the sink. */
    public static final ConfigOption<Integer> SINK_PARALLELISM = FactoryUtil.SINK_PARALLELISM;

    private HBaseOptions() {}
}
