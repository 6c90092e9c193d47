package io.rtw.kv.paimon;

import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.options.Options;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the looked-up table lives: the warehouse, the other catalog options, database and table.
 *
 * @param catalogOptions catalog options other than the warehouse, without the {@code catalog.} prefix
 */
record TableSpec(String warehouse, Map<String, String> catalogOptions, String database, String table)
        implements Serializable {

    /** Copies the options into a map that travels with the job graph. */
    TableSpec {
        catalogOptions = new LinkedHashMap<>(catalogOptions);
    }

    /** A new Paimon catalog on the warehouse; the caller closes it. */
    Catalog openCatalog() {
        Map<String, String> options = new LinkedHashMap<>(catalogOptions);
        options.put("warehouse", warehouse);
        return CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(options)),
                TableSpec.class.getClassLoader());
    }

    Identifier identifier() {
        return Identifier.create(database, table);
    }

    /** {@code database.table}, for messages. */
    String name() {
        return database + "." + table;
    }
}
