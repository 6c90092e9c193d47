package io.rtw.kv.paimon;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of the {@code rtw-paimon-lookup} connector, typed, with descriptions. */
public final class PaimonLookupOptions {

    /** Prefix of options handed to the Paimon catalog as they are, minus the prefix (S3, HDFS, metastore settings). */
    public static final String CATALOG_PREFIX = "catalog.";

    /** The Paimon warehouse. */
    public static final ConfigOption<String> WAREHOUSE = ConfigOptions.key("warehouse")
            .stringType()
            .noDefaultValue()
            .withDescription("Paimon warehouse path (file://, hdfs://, s3://...) of the catalog holding the table. "
                    + "Other catalog options go under 'catalog.' (e.g. 'catalog.s3.endpoint').");

    /** The table's database. */
    public static final ConfigOption<String> DATABASE = ConfigOptions.key("database")
            .stringType()
            .noDefaultValue()
            .withDescription("Paimon database of the table.");

    /** The table. */
    public static final ConfigOption<String> TABLE = ConfigOptions.key("table")
            .stringType()
            .noDefaultValue()
            .withDescription("Paimon table to look rows up in: a primary-key table with a fixed number of buckets.");

    /** The day column of as-of lookups. */
    public static final ConfigOption<String> AS_OF_COLUMN = ConfigOptions.key("lookup.as-of-column")
            .stringType()
            .noDefaultValue()
            .withDescription("A STRING or DATE partition column of the primary key (e.g. dt). A lookup with dt = X "
                    + "returns the row of the other key values with the largest dt <= X, carrying its own dt; "
                    + "without it a lookup returns the row with exactly the given key.");

    private PaimonLookupOptions() {}
}
