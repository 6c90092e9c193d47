package io.rtw.kv.paimon;

import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.paimon.types.DataTypes;
import org.apache.paimon.types.RowType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The declaration against a Paimon schema: every mismatch one sentence naming the table and column. */
class SchemaCheckTest {

    private static final String T = "default_catalog.default_database.kv";
    private static final LogicalType KEY = new VarCharType(false, VarCharType.MAX_LENGTH);
    private static final LogicalType STRING = VarCharType.STRING_TYPE;

    private static final RowType PAIMON = RowType.of(
            new org.apache.paimon.types.DataType[] {DataTypes.STRING().notNull(), DataTypes.STRING().notNull(),
                DataTypes.BIGINT(), DataTypes.BYTES()},
            new String[] {"dt", "channel", "uv", "bitmap"});
    private static final Map<String, String> FIXED = Map.of("bucket", "4");

    private static Declaration declared(List<String> columns, List<LogicalType> types, String asOf) {
        return new Declaration(T, columns, types, List.of("dt", "channel"), asOf);
    }

    private static final Declaration FITS = declared(List.of("dt", "channel", "uv", "bitmap"),
            List.of(KEY, KEY, new BigIntType(), new VarBinaryType(VarBinaryType.MAX_LENGTH)), "dt");

    @Test
    void aFittingDeclarationHasNoProblems() {
        assertThat(SchemaCheck.problems(FITS, "ads.t", PAIMON, List.of("dt", "channel"), List.of("dt"), FIXED))
                .isEmpty();
        // Fewer columns than the table, and nullable where Paimon says NOT NULL: fine.
        Declaration fewer = declared(List.of("dt", "channel", "uv"), List.of(STRING, STRING, new BigIntType()), null);
        assertThat(SchemaCheck.problems(fewer, "ads.t", PAIMON, List.of("channel", "dt"), List.of(), FIXED)).isEmpty();
    }

    @Test
    void aMissingColumnIsNamedWithTheTablesColumns() {
        Declaration d = declared(List.of("dt", "channel", "hll"), List.of(KEY, KEY, new VarBinaryType(10)), null);
        assertThat(SchemaCheck.problems(d, "ads.t", PAIMON, List.of("dt", "channel"), List.of("dt"), FIXED))
                .containsExactly("Paimon table ads.t has no column 'hll' (declared by " + T + "); its columns: "
                        + "dt STRING NOT NULL, channel STRING NOT NULL, uv BIGINT, bitmap BYTES");
    }

    @Test
    void aTypeOrNullabilityMismatchIsNamed() {
        Declaration d = declared(List.of("dt", "channel", "uv", "bitmap"),
                List.of(KEY, KEY, VarCharType.STRING_TYPE, new VarBinaryType(false, VarBinaryType.MAX_LENGTH)), null);
        assertThat(SchemaCheck.problems(d, "ads.t", PAIMON, List.of("dt", "channel"), List.of("dt"), FIXED))
                .containsExactly("column 'uv' is STRING in " + T + " but BIGINT in Paimon table ads.t",
                        "column 'bitmap' is NOT NULL in " + T + " but nullable in Paimon table ads.t");
    }

    @Test
    void theKeyTheAsOfColumnAndTheBucketsAreChecked() {
        assertThat(SchemaCheck.problems(FITS, "ads.t", PAIMON, List.of("dt", "channel", "uv"), List.of("channel"),
                Map.of()))
                .containsExactly("the primary key of " + T + " (dt, channel) is not the primary key of Paimon table "
                                + "ads.t (dt, channel, uv): a lookup gives the table's whole primary key",
                        "lookup.as-of-column 'dt' is not a partition column of Paimon table ads.t (partition columns: "
                                + "channel)",
                        "Paimon table ads.t has 'bucket' = '-1' (dynamic buckets): a key's bucket cannot be computed, "
                                + "so every lookup would read every bucket of a partition; rtw-paimon-lookup reads "
                                + "tables with a fixed number of buckets ('bucket' = 'N')");
        assertThat(SchemaCheck.problems(FITS, "ads.t", PAIMON, List.of(), List.of("dt"), FIXED))
                .containsExactly("Paimon table ads.t has no primary key: rtw-paimon-lookup reads single rows of a "
                        + "primary-key table");
    }
}
