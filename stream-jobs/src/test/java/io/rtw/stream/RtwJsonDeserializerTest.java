package io.rtw.stream;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RtwJsonDeserializerTest {

    private static final RowType TYPE = (RowType) DataTypes.ROW(
            DataTypes.FIELD("id", DataTypes.STRING()),
            DataTypes.FIELD("user_id", DataTypes.BIGINT()),
            DataTypes.FIELD("flag", DataTypes.INT()),
            DataTypes.FIELD("note", DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.ERROR_COLUMN, DataTypes.STRING()),
            DataTypes.FIELD(RtwJsonFormatFactory.PAYLOAD_COLUMN, DataTypes.STRING())).getLogicalType();

    private final SimpleCounter counter = new SimpleCounter();
    private RtwJsonDeserializer deserializer;

    @BeforeEach
    void open() throws Exception {
        deserializer = new RtwJsonDeserializer(TYPE, List.of("id", "user_id", "flag"), null);
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup() {
                    @Override
                    public MetricGroup addGroup(String name) {
                        return this;
                    }

                    @Override
                    public <C extends org.apache.flink.metrics.Counter> C counter(String name, C c) {
                        return c;
                    }

                    @Override
                    public org.apache.flink.metrics.Counter counter(String name) {
                        return counter;
                    }
                };
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return null;
            }
        });
    }

    private RowData read(String json) throws IOException {
        return deserializer.deserialize(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAGoodRecordWithOptionalFieldsAbsent() throws IOException {
        RowData row = read("{\"id\":\"e1\",\"user_id\":42,\"flag\":\"1\",\"extra\":[1,2]}");
        assertThat(row.getString(0)).hasToString("e1");
        assertThat(row.getLong(1)).isEqualTo(42L);
        assertThat(row.getInt(2)).isEqualTo(1);
        assertThat(row.isNullAt(3)).isTrue();
        assertThat(row.isNullAt(4)).isTrue();
        assertThat(row.isNullAt(5)).isTrue();
        assertThat(counter.getCount()).isZero();
    }

    @Test
    void malformedRecordsBecomeErrorRowsWithTheirReasonAndPayload() throws IOException {
        String[][] cases = {
            {"{\"id\":\"e1\",\"user_id\":", "not valid JSON: Unexpected end-of-input"},
            {"[1,2,3]", "not a JSON object"},
            {"{\"id\":\"e1\",\"flag\":1}", "missing required field 'user_id'"},
            {"{\"id\":\"e1\",\"user_id\":null,\"flag\":1}", "missing required field 'user_id'"},
            {"{\"id\":\"e1\",\"user_id\":\"abc\",\"flag\":1}", "field 'user_id': expected BIGINT, got \"abc\""},
            {"{\"id\":\"e1\",\"user_id\":1.5,\"flag\":1}", "field 'user_id': expected BIGINT, got 1.5"},
            {"{\"id\":\"e1\",\"user_id\":1,\"flag\":4294967296}", "field 'flag': expected INT, got 4294967296"},
        };
        for (String[] c : cases) {
            RowData row = read(c[0]);
            assertThat(row.getString(4).toString()).as(c[0]).startsWith(c[1]);
            assertThat(row.getString(5)).as(c[0]).hasToString(c[0]);
            assertThat(row.isNullAt(0)).as("no partial values leak from %s", c[0]).isTrue();
        }
        assertThat(counter.getCount()).isEqualTo(cases.length);
    }
}
