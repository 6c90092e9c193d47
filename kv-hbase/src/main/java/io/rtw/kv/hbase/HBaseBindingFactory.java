package io.rtw.kv.hbase;

import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Relation;
import io.rtw.meta.binding.Side;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kind: hbase} in a meta-table's {@code kv:} block: a serving table stored in HBase through the
 * {@code rtw-hbase} connector, written by jobs and looked up by them. The meta-table's PRIMARY KEY is the
 * row key; every other column is a cell of {@code column-family}. Connector options under {@code sink.},
 * {@code lookup.} and {@code properties.} pass through as they are (see {@link HBaseOptions}):
 * <pre>
 *   kv:
 *     kind: hbase
 *     table: ads_uv_cum
 *     zookeeper-quorum: ${hbase.zookeeper}
 *     sink.rate-limit: "2000"
 *     sink.version-column: window_end
 *     lookup.cache: PARTIAL
 *     lookup.partial-cache.expire-after-write: 1 min
 * </pre>
 */
public final class HBaseBindingFactory implements BindingFactory {

    static final ConfigOption<String> TABLE = ConfigOptions.key("table")
            .stringType()
            .noDefaultValue()
            .withDescription("HBase table, 'namespace:table' or 'table'.");

    static final ConfigOption<String> ZOOKEEPER_QUORUM = ConfigOptions.key("zookeeper-quorum")
            .stringType()
            .noDefaultValue()
            .withDescription("HBase's ZooKeeper as host:port[,host:port...].");

    static final ConfigOption<String> ZNODE_PARENT = ConfigOptions.key("znode-parent")
            .stringType()
            .defaultValue(HBaseOptions.ZOOKEEPER_ZNODE_PARENT.defaultValue())
            .withDescription("HBase's root znode in ZooKeeper.");

    static final ConfigOption<String> COLUMN_FAMILY = ConfigOptions.key("column-family")
            .stringType()
            .defaultValue(HBaseOptions.COLUMN_FAMILY.defaultValue())
            .withDescription(HBaseOptions.COLUMN_FAMILY.description().toString());

    static final ConfigOption<String> ROW_KEY_DELIMITER = ConfigOptions.key("row-key-delimiter")
            .stringType()
            .defaultValue(HBaseOptions.ROW_KEY_DELIMITER.defaultValue())
            .withDescription(HBaseOptions.ROW_KEY_DELIMITER.description().toString());

    private static final Set<String> PASS_THROUGH = Set.of("sink.", "lookup.", HBaseOptions.PROPERTIES_PREFIX);

    @Override
    public String factoryIdentifier() {
        return "hbase";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(TABLE, ZOOKEEPER_QUORUM);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new LinkedHashSet<>(List.of(ZNODE_PARENT, COLUMN_FAMILY, ROW_KEY_DELIMITER));
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.KV);
    }

    @Override
    public Set<String> prefixes() {
        return PASS_THROUGH;
    }

    @Override
    public void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {
        String delimiter = options.get(ROW_KEY_DELIMITER);
        if (delimiter.isEmpty() || delimiter.contains("\\")) {
            problems.about(ROW_KEY_DELIMITER, "row-key-delimiter must be a non-empty string without a backslash, "
                    + "got '" + delimiter + "'");
        }
        if (options.get(COLUMN_FAMILY).isEmpty()) {
            problems.about(COLUMN_FAMILY, "column-family must not be empty");
        }
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> with = new LinkedHashMap<>();
        with.put("connector", HBaseDynamicTableFactory.IDENTIFIER);
        with.put(HBaseOptions.TABLE_NAME.key(), options.get(TABLE));
        with.put(HBaseOptions.ZOOKEEPER_QUORUM.key(), options.get(ZOOKEEPER_QUORUM));
        with.put(HBaseOptions.ZOOKEEPER_ZNODE_PARENT.key(), options.get(ZNODE_PARENT));
        with.put(HBaseOptions.COLUMN_FAMILY.key(), options.get(COLUMN_FAMILY));
        with.put(HBaseOptions.ROW_KEY_DELIMITER.key(), options.get(ROW_KEY_DELIMITER));
        for (String prefix : new String[] {"sink.", "lookup.", HBaseOptions.PROPERTIES_PREFIX}) {
            with.putAll(BindingFactory.withPrefix(rawOptions, prefix));
        }
        return new Relation.ConnectorTable(with, Optional.empty());
    }

    /**
     * A rate limit is shared by the subtasks of one sink; two INSERTs into one limited serving table would be two
     * sinks and together write at twice the limit, so a job writes such a table from one INSERT.
     */
    @Override
    public Optional<String> writersProblem(String table, Map<String, String> options, int inserts) {
        String limit = HBaseOptions.SINK_RATE_LIMIT.key();
        return options.containsKey(limit) ? Optional.of(inserts + " INSERTs write " + table + ", whose " + limit
                + " applies per INSERT, so the store would take up to " + inserts + " times the limit; write one "
                + "INSERT with UNION ALL") : Optional.empty();
    }

    /** The table must exist with the column family: the sink writes into it and lookups read it, neither creates it. */
    @Override
    public List<String> checkServer(Map<String, String> options, Secrets secrets, Duration timeout) {
        String shown = options.get(ZOOKEEPER_QUORUM.key());
        String table = options.get(TABLE.key());
        String family = options.getOrDefault(COLUMN_FAMILY.key(), COLUMN_FAMILY.defaultValue());
        Map<String, String> properties = new LinkedHashMap<>();
        BindingFactory.withPrefix(options, HBaseOptions.PROPERTIES_PREFIX).forEach((k, v) -> properties.put(
                k.substring(HBaseOptions.PROPERTIES_PREFIX.length()), secrets.resolveValue(v)));
        Configuration conf = new ConnectionConfig(table, secrets.resolveValue(shown),
                options.getOrDefault(ZNODE_PARENT.key(), ZNODE_PARENT.defaultValue()), timeout, properties)
                .oneAttempt();
        TableName name;
        try {
            name = TableName.valueOf(table);
        } catch (IllegalArgumentException e) {
            return List.of("'" + table + "' is not a valid HBase table name: " + e.getMessage());
        }
        String problem;
        try (Connection c = ConnectionFactory.createConnection(conf); Admin admin = c.getAdmin()) {
            if (!admin.tableExists(name)) {
                problem = "HBase table " + table + " does not exist at " + shown + " (create it: rtw kv create "
                        + table + " --family " + family + " --zookeeper " + shown + ")";
            } else if (!admin.getDescriptor(name).hasColumnFamily(Bytes.toBytes(family))) {
                problem = "HBase table " + table + " at " + shown + " has no column family '" + family + "'";
            } else {
                return List.of();
            }
        } catch (IOException | RuntimeException e) {
            problem = "HBase at " + shown + " does not answer within " + timeout.toSeconds() + " s: "
                    + ConnectionConfig.why(e);
        }
        return List.of(secrets.mask(String.join(" ", options.values()), problem));
    }
}
