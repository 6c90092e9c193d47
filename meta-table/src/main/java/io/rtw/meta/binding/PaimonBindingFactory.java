package io.rtw.meta.binding;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kind: paimon}: a table in an Apache Paimon catalog. On the batch side, the table batch runs read. In a
 * {@code kv} block, a serving table jobs look single rows up in by their whole primary key (the
 * {@code rtw-paimon-lookup} connector of rtw-kv-paimon), optionally as of a day ({@code lookup.as-of-column}); it is
 * read-only: jobs write the Paimon table itself.
 */
public final class PaimonBindingFactory implements BindingFactory {

    /** The connector of rtw-kv-paimon that reads kv tables of this kind. */
    static final String LOOKUP_CONNECTOR = "rtw-paimon-lookup";

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

    static final ConfigOption<String> AS_OF_COLUMN = ConfigOptions.key("lookup.as-of-column")
            .stringType()
            .noDefaultValue()
            .withDescription("A STRING or DATE primary key column that partitions the table by day: a lookup of "
                    + "day X returns the row with the largest day <= X among rows with the other key values.");

    private static final String CATALOG_OPTIONS = "catalog-options.";
    private static final String LOOKUP = "lookup.";

    @Override
    public String factoryIdentifier() {
        return "paimon";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new LinkedHashSet<>(List.of(DATABASE, TABLE));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new LinkedHashSet<>(List.of(CATALOG, WAREHOUSE, PARTITION_COLUMN, PARTITION_FORMAT, AS_OF_COLUMN));
    }

    @Override
    public Set<Side> sides() {
        return Set.of(Side.BATCH, Side.KV);
    }

    @Override
    public Set<String> prefixes() {
        return Set.of(CATALOG_OPTIONS, LOOKUP);
    }

    @Override
    public Map<String, Side> sideOnly() {
        return Map.of(PARTITION_COLUMN.key(), Side.BATCH, PARTITION_FORMAT.key(), Side.BATCH,
                AS_OF_COLUMN.key(), Side.KV, LOOKUP, Side.KV);
    }

    @Override
    public void validate(ReadableConfig options, Map<String, String> fields, Problems problems) {
        Checks.identifier(options, CATALOG, problems);
        Checks.identifier(options, DATABASE, problems);
        Checks.identifier(options, TABLE, problems);
        Checks.partition(options, PARTITION_COLUMN, PARTITION_FORMAT, fields, problems);
    }

    @Override
    public void validateServing(ReadableConfig options, Map<String, String> columns, List<String> primaryKey,
            Problems problems) {
        if (primaryKey.isEmpty()) {
            problems.about(TABLE, "a kind: paimon kv table is looked up by its whole primary key: declare "
                    + "primary-key (the Paimon table's)");
        }
        options.getOptional(AS_OF_COLUMN).ifPresent(c -> {
            if (!primaryKey.contains(c)) {
                problems.about(AS_OF_COLUMN, "lookup.as-of-column '" + c + "' is not a primary key column ("
                        + (primaryKey.isEmpty() ? "none declared" : String.join(", ", primaryKey))
                        + "); it names the key column that partitions the table by day");
                return;
            }
            LogicalType type = LogicalTypeParser.parse(columns.get(c), PaimonBindingFactory.class.getClassLoader());
            if (!type.is(LogicalTypeFamily.CHARACTER_STRING) && !type.is(LogicalTypeRoot.DATE)) {
                problems.about(AS_OF_COLUMN, "lookup.as-of-column '" + c + "' is " + columns.get(c)
                        + "; it must be a STRING or DATE column (a day)");
            }
        });
    }

    @Override
    public Relation relation(String tableName, ReadableConfig options, Map<String, String> rawOptions) {
        Map<String, String> catalogOptions = new LinkedHashMap<>();
        options.getOptional(WAREHOUSE).ifPresent(w -> {
            catalogOptions.put("type", "paimon");
            catalogOptions.put("warehouse", w);
            BindingFactory.withPrefix(rawOptions, CATALOG_OPTIONS)
                    .forEach((k, v) -> catalogOptions.put(k.substring(CATALOG_OPTIONS.length()), v));
        });
        Optional<Relation.Partition> partition = options.getOptional(PARTITION_COLUMN)
                .map(c -> new Relation.Partition(c, options.get(PARTITION_FORMAT)));
        return new Relation.CatalogTable(
                options.get(CATALOG), catalogOptions, options.get(DATABASE), options.get(TABLE), partition);
    }

    /**
     * The {@code rtw-paimon-lookup} table of a kv binding: the catalog's warehouse, its other options under
     * {@code catalog.}, the table, and the binding's {@code lookup.*} options.
     */
    @Override
    public Optional<Relation.ConnectorTable> servingTable(Relation.CatalogTable table,
            Map<String, String> catalogOptions, Map<String, String> rawOptions) {
        String warehouse = catalogOptions.get("warehouse");
        if (warehouse == null || !"paimon".equals(catalogOptions.get("type"))) {
            return Optional.empty();
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", LOOKUP_CONNECTOR);
        options.put("warehouse", warehouse);
        catalogOptions.forEach((k, v) -> {
            if (!k.equals("type") && !k.equals("warehouse")) {
                options.put("catalog." + k, v);
            }
        });
        options.put("database", table.database());
        options.put("table", table.table());
        options.putAll(BindingFactory.withPrefix(rawOptions, LOOKUP));
        return Optional.of(new Relation.ConnectorTable(options, Optional.empty()));
    }

    @Override
    public Optional<String> readOnly(Map<String, String> options) {
        return Optional.of(options.getOrDefault(CATALOG.key(), CATALOG.defaultValue()) + "."
                + options.get(DATABASE.key()) + "." + options.get(TABLE.key()));
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
