package io.rtw.meta.binding;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code kind: filesystem}: JSON or CSV files read with Flink's filesystem connector, on either side. */
public final class FilesystemBindingFactory implements BindingFactory {

    static final ConfigOption<String> PATH = ConfigOptions.key("path")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory or file to read (file://, hdfs://, s3://...).");

    static final ConfigOption<String> FORMAT = ConfigOptions.key("format")
            .stringType()
            .noDefaultValue()
            .withDescription("File format: json or csv.");

    static final ConfigOption<String> PARTITION_COLUMN = ConfigOptions.key("partition-column")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory partition column (dt=2026-11-21/...); batch runs read only the "
                    + "business day's partition.");

    static final ConfigOption<String> PARTITION_FORMAT = ConfigOptions.key("partition-format")
            .stringType()
            .defaultValue("yyyy-MM-dd")
            .withDescription("Date pattern of the partition column's values.");

    @Override
    public String factoryIdentifier() {
        return "filesystem";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(PATH, FORMAT);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(PARTITION_COLUMN, PARTITION_FORMAT);
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.STREAM, Side.BATCH);
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("json.", "csv.");
    }

    @Override
    public void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {
        String format = options.get(FORMAT);
        if (!format.equals("json") && !format.equals("csv")) {
            problems.about(FORMAT, "format '" + format + "' is not supported; allowed: csv, json");
        }
        Checks.partition(options, PARTITION_COLUMN, PARTITION_FORMAT, fields, problems);
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> with = new LinkedHashMap<>();
        with.put("connector", "filesystem");
        with.put("path", options.get(PATH));
        with.put("format", options.get(FORMAT));
        with.putAll(BindingFactory.withPrefix(rawOptions, options.get(FORMAT) + "."));
        Optional<Relation.Partition> partition = options.getOptional(PARTITION_COLUMN)
                .map(c -> new Relation.Partition(c, options.get(PARTITION_FORMAT)));
        return new Relation.ConnectorTable(with, partition);
    }
}
