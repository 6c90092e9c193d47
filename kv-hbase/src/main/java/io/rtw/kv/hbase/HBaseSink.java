package io.rtw.kv.hbase;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.table.data.RowData;

import java.io.IOException;

/** The Flink sink that writes a table's changelog into HBase; one {@link HBaseSinkWriter} per subtask. */
final class HBaseSink implements Sink<RowData> {

    private static final long serialVersionUID = 1L;

    private final ConnectionConfig connection;
    private final HBaseSchema schema;
    private final SinkSettings settings;

    HBaseSink(ConnectionConfig connection, HBaseSchema schema, SinkSettings settings) {
        this.connection = connection;
        this.schema = schema;
        this.settings = settings;
    }

    @Override
    public SinkWriter<RowData> createWriter(WriterInitContext context) throws IOException {
        return new HBaseSinkWriter(connection, schema, settings, context);
    }
}
