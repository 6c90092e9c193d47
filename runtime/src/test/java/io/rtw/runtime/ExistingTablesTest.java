package io.rtw.runtime;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The differences a declared table and an existing one are reported by, in the declaration's order. */
class ExistingTablesTest {

    private static final Column DT = Column.physical("dt", DataTypes.STRING().notNull());
    private static final Column K = Column.physical("k", DataTypes.STRING().notNull());

    @Test
    void theSameColumnsKeyAndPartitionsDifferInNothingWhateverTheKeysNullability() {
        ResolvedCatalogTable declared = table(List.of(Column.physical("dt", DataTypes.STRING()),
                Column.physical("k", DataTypes.STRING()), Column.physical("n", DataTypes.BIGINT())), List.of("dt", "k"),
                List.of("dt"));
        ResolvedCatalogTable existing = table(List.of(DT, K, Column.physical("n", DataTypes.BIGINT())),
                List.of("dt", "k"), List.of("dt"));

        assertThat(ExistingTables.differences(declared, existing)).isEmpty();
    }

    @Test
    void missingExtraRetypedReorderedColumnsAndAnotherKeyAndPartitioningAreEachNamed() {
        ResolvedCatalogTable declared = table(List.of(DT, K, Column.physical("pv", DataTypes.BIGINT()),
                Column.physical("uv", DataTypes.BIGINT()), Column.physical("hll", DataTypes.BYTES())),
                List.of("dt", "k"), List.of("dt"));
        ResolvedCatalogTable existing = table(List.of(K, DT, Column.physical("uv", DataTypes.INT()),
                Column.physical("hll", DataTypes.BYTES()), Column.physical("note", DataTypes.STRING())),
                List.of("k"), List.of());

        assertThat(ExistingTables.differences(declared, existing)).containsExactly(
                "column pv BIGINT is declared, not in the table",
                "column uv is BIGINT here, INT in the table",
                "column note STRING is in the table, not declared",
                "columns in another order: declared [dt, k, uv, hll], in the table [k, dt, uv, hll]",
                "primary key [dt, k] here, [k] in the table",
                "partitioned by [dt] here, by [] in the table");
    }

    private static ResolvedCatalogTable table(List<Column> columns, List<String> key, List<String> partitions) {
        ResolvedSchema schema = new ResolvedSchema(columns, List.of(), UniqueConstraint.primaryKey("pk", key));
        CatalogTable table = CatalogTable.newBuilder().schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                .partitionKeys(partitions).options(Map.of()).build();
        return new ResolvedCatalogTable(table, schema);
    }
}
