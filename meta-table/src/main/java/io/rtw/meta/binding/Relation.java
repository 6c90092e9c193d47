package io.rtw.meta.binding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a binding compiles to: a table created from connector options, or a table in a catalog. */
public sealed interface Relation {

    /** The partition the compiler may scope to the business day, if the source is partitioned by day. */
    Optional<Partition> partition();

    /**
     * A temporary table declared with the side's fields and these {@code WITH} options.
     *
     * @param options connector options, values possibly holding {@code ${env:NAME}} references
     * @param partition the day partition, declared as {@code PARTITIONED BY} when present
     */
    record ConnectorTable(Map<String, String> options, Optional<Partition> partition) implements Relation {
        /** Copies the options, keeping their order. */
        public ConnectorTable {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }
    }

    /**
     * An existing table in a catalog.
     *
     * @param catalog catalog name
     * @param catalogOptions options to create the catalog with; empty when the project declares it
     * @param database database name
     * @param table table name
     * @param partition the day partition column, when the table is partitioned by day
     */
    record CatalogTable(
            String catalog,
            Map<String, String> catalogOptions,
            String database,
            String table,
            Optional<Partition> partition)
            implements Relation {
        /** Copies the options, keeping their order. */
        public CatalogTable {
            catalogOptions = Collections.unmodifiableMap(new LinkedHashMap<>(catalogOptions));
        }
    }

    /** A day partition: the column and the date pattern of its values (e.g. {@code yyyy-MM-dd}). */
    record Partition(String column, String format) {}
}
