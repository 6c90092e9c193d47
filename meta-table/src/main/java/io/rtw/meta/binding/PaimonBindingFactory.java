package io.rtw.meta.binding;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code kind: paimon}: a table in an Apache Paimon catalog, on the batch side. */
public final class PaimonBindingFactory implements BindingFactory {

    static final ConfigOption<String> CATALOG = ConfigOptions.key("catalog")
            .stringType()
            .defaultValue("paimon")
            .withDescription("Name of the Flink catalog holding the table; declared in the project's "
                    + "catalogs, or created here when warehouse is given.");

    static final ConfigOption<String> WAREHOUSE = ConfigOptions.key("warehouse")
            .stringType()
            .noDefaultValue()
            .withDescription("Paimon warehouse path (file://, hdfs://, s3://...) for a catalog not declared "
                    + "in the project.");

    static final ConfigOption<String> DATABASE =
            ConfigOptions.key("database").stringType().noDefaultValue().withDescription("Paimon database.");

    static final ConfigOption<String> TABLE =
            ConfigOptions.key("table").stringType().noDefaultValue().withDescription("Paimon table.");

    static final ConfigOption<String> PARTITION_COLUMN = ConfigOptions.key("partition-column")
            .stringType()
            .noDefaultValue()
            .withDescription("Column that partitions the table by day; batch runs read only the "
                    + "business day's partition.");

    static final ConfigOption<String> PARTITION_FORMAT = ConfigOptions.key("partition-format")
            .stringType()
            .defaultValue("yyyy-MM-dd")
            .withDescription("Date pattern of the partition column's values.");

    @Override
    public String factoryIdentifier() {
        return "paimon";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DATABASE, TABLE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(CATALOG, WAREHOUSE, PARTITION_COLUMN, PARTITION_FORMAT);
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.BATCH);
    }

    @Override
    public Set<String> prefixes() {
        return Set.of("catalog-options.");
    }

    @Override
    public void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {
        Checks.identifier(options, CATALOG, problems);
        Checks.identifier(options, DATABASE, problems);
        Checks.identifier(options, TABLE, problems);
        Checks.partition(options, PARTITION_COLUMN, PARTITION_FORMAT, fields, problems);
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> catalogOptions = new LinkedHashMap<>();
        options.getOptional(WAREHOUSE).ifPresent(w -> {
            catalogOptions.put("type", "paimon");
            catalogOptions.put("warehouse", w);
            BindingFactory.withPrefix(rawOptions, "catalog-options.")
                    .forEach((k, v) -> catalogOptions.put(k.substring("catalog-options.".length()), v));
        });
        Optional<Relation.Partition> partition = options.getOptional(PARTITION_COLUMN)
                .map(c -> new Relation.Partition(c, options.get(PARTITION_FORMAT)));
        return new Relation.CatalogTable(
                options.get(CATALOG), catalogOptions, options.get(DATABASE), options.get(TABLE), partition);
    }

    /** The table read by path with Paimon's own connector, stopping at the snapshot current at the start. */
    @Override
    public Optional<Relation.ConnectorTable> boundedScan(Relation.CatalogTable table,
            Map<String, String> catalogOptions) {
        String warehouse = catalogOptions.get("warehouse");
        if (warehouse == null || !"paimon".equals(catalogOptions.get("type"))) {
            return Optional.empty();
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "paimon");
        options.put("path", warehouse.replaceAll("/+$", "") + "/" + table.database() + ".db/" + table.table());
        options.put("scan.bounded", "true");
        return Optional.of(new Relation.ConnectorTable(options, table.partition()));
    }
}
