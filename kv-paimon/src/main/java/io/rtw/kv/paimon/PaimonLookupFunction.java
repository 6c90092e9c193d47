package io.rtw.kv.paimon;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.LookupFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.flink.FlinkRowData;
import org.apache.paimon.flink.FlinkRowWrapper;
import org.apache.paimon.table.Table;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * Looks rows up by their whole primary key in a Paimon table, each lookup at the table's latest snapshot. Opening it
 * loads the table and checks it against the declaration ({@link SchemaCheck}); a lookup is one {@link PointReader}
 * read. Caching is Flink's ({@code PartialCachingLookupProvider}), when {@code lookup.cache} asks for it. Public only
 * because Flink instantiates only public function classes.
 */
public final class PaimonLookupFunction extends LookupFunction {

    private static final long serialVersionUID = 1L;

    private final TableSpec spec;
    private final Declaration declared;
    private final List<String> fields;
    private final List<String> keyNames;
    private final LogicalType[] keyTypes;

    private transient Catalog catalog;
    private transient PointReader reader;
    private transient RowData.FieldGetter[] keyGetters;
    private transient LogicalType[] keyGetterTypes;

    /**
     * @param fields the columns a lookup returns, in order
     * @param keyNames the columns of the key row a lookup gets, in its order (the whole primary key)
     * @param keyTypes their Flink types
     */
    PaimonLookupFunction(TableSpec spec, Declaration declared, List<String> fields, List<String> keyNames,
            LogicalType[] keyTypes) {
        this.spec = spec;
        this.declared = declared;
        this.fields = List.copyOf(fields);
        this.keyNames = List.copyOf(keyNames);
        this.keyTypes = keyTypes.clone();
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        catalog = spec.openCatalog();
        Table table;
        try {
            table = catalog.getTable(spec.identifier());
        } catch (Catalog.TableNotExistException e) {
            throw new ValidationException(declared.flinkTable() + " looks rows up in Paimon table " + spec.name()
                    + ", which does not exist in warehouse " + spec.warehouse());
        }
        List<String> problems = SchemaCheck.problems(declared, spec.name(), table.rowType(), table.primaryKeys(),
                table.partitionKeys(), table.options());
        if (!problems.isEmpty()) {
            throw new ValidationException(declared.flinkTable() + " does not fit Paimon table " + spec.name() + ": "
                    + String.join("; ", problems));
        }
        reader = new PointReader(table, fields, declared.asOf(), ReadMetrics.in(context.getMetricGroup()));
        // The reader takes key values in the Paimon table's key order, which the DDL may declare otherwise.
        List<String> key = table.primaryKeys();
        keyGetters = new RowData.FieldGetter[key.size()];
        keyGetterTypes = new LogicalType[key.size()];
        for (int i = 0; i < key.size(); i++) {
            int j = keyNames.indexOf(key.get(i));
            keyGetters[i] = RowData.createFieldGetter(keyTypes[j], j);
            keyGetterTypes[i] = keyTypes[j];
        }
    }

    @Override
    public Collection<RowData> lookup(RowData keyRow) throws IOException {
        Object[] key = new Object[keyGetters.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = FlinkRowWrapper.fromFlinkObject(keyGetters[i].getFieldOrNull(keyRow), keyGetterTypes[i]);
        }
        return reader.read(key).<Collection<RowData>>map(r -> List.of(new FlinkRowData(r))).orElse(List.of());
    }

    @Override
    public void close() throws Exception {
        if (catalog != null) {
            catalog.close();
        }
    }
}
