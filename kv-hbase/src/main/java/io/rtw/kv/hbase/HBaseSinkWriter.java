package io.rtw.kv.hbase;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Buffers mutations by row key (the last change of a key wins) and writes them in one batch when the
 * buffer is full, when the flush interval passes, before every checkpoint and at the end of input. A failed
 * batch is retried, only its failed mutations, with exponential backoff; after {@code maxRetries} the
 * writer throws and Flink's restart strategy takes over. Writes are idempotent (puts of whole values,
 * optionally at a timestamp taken from the row), so the replay after a recovery leaves the same rows.
 * Rows are paced by this subtask's share of the job-wide rate limit as they arrive (UPDATE_BEFORE rows,
 * which are folded into the UPDATE_AFTER that follows them, do not count).
 */
final class HBaseSinkWriter implements SinkWriter<RowData>, ProcessingTimeService.ProcessingTimeCallback {

    private static final Logger LOG = LoggerFactory.getLogger(HBaseSinkWriter.class);

    private final HBaseSchema schema;
    private final SinkSettings settings;
    private final String tableName;
    private final Connection connection;
    private final Table table;
    private final ProcessingTimeService time;
    private final RateLimiter limiter;
    private final Counter sent;
    private final Counter sendErrors;
    private final WriteStats stats;
    private final Map<ByteBuffer, Row> buffer = new LinkedHashMap<>();
    private boolean retractionPending;

    HBaseSinkWriter(ConnectionConfig config, HBaseSchema schema, SinkSettings settings, WriterInitContext context)
            throws IOException {
        this.schema = schema;
        this.settings = settings;
        this.tableName = config.tableName();
        this.connection = ConnectionFactory.createConnection(config.hbaseConfiguration());
        this.table = connection.getTable(TableName.valueOf(config.tableName()));
        this.time = context.getProcessingTimeService();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        this.limiter = settings.limited() ? RateLimiter.forSubtask(settings.rateLimit(), parallelism) : null;
        this.sent = context.metricGroup().getNumRecordsSendCounter();
        this.sendErrors = context.metricGroup().getNumRecordsSendErrorsCounter();
        this.stats = new WriteStats(context.metricGroup());
        if (!settings.flushInterval().isZero()) {
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), this);
        }
    }

    @Override
    public void write(RowData row, Context context) throws IOException, InterruptedException {
        Row mutation = schema.mutation(row);
        boolean retraction = row.getRowKind() == RowKind.UPDATE_BEFORE;
        if (!retraction) {
            stats.received(mutation);
            if (limiter != null) {
                limiter.acquire();
            }
        }
        buffer.put(ByteBuffer.wrap(mutation.getRow()), mutation);
        // An UPDATE_BEFORE waits in the buffer for the UPDATE_AFTER that normally follows it, so a reader
        // never sees the key missing in between; a checkpoint cannot fall between the two.
        retractionPending = retraction;
        if (!retractionPending && buffer.size() >= settings.flushMaxRows()) {
            flushBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    @Override
    public void onProcessingTime(long now) throws IOException, InterruptedException {
        if (!retractionPending) {
            flushBuffer();
        }
        time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), this);
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<Row> pending = new ArrayList<>(buffer.values());
        int total = pending.size();
        long backoff = settings.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            Object[] results = new Object[pending.size()];
            try {
                table.batch(pending, results);
                sent.inc(total);
                stats.written(pending);
                buffer.clear();
                return;
            } catch (IOException e) {
                List<Row> failed = new ArrayList<>();
                List<Row> succeeded = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    (results[i] instanceof Result ? succeeded : failed).add(pending.get(i));
                }
                if (!failed.isEmpty()) {
                    // Only the failed ones are sent again: the others are written now.
                    stats.written(succeeded);
                }
                sendErrors.inc(failed.size());
                if (attempt >= settings.maxRetries()) {
                    throw new IOException("writing " + failed.size() + " of " + total + " rows to HBase table "
                            + tableName + " failed after " + (attempt + 1) + " attempts (first failed row key "
                            + Bytes.toStringBinary(failed.isEmpty() ? new byte[0] : failed.get(0).getRow())
                            + ")", e);
                }
                LOG.warn("Writing {} of {} rows to HBase table {} failed (attempt {} of {}); retrying in {} ms: {}",
                        failed.size(), total, tableName, attempt + 1, settings.maxRetries() + 1, backoff,
                        e.toString());
                pending = failed.isEmpty() ? pending : failed;
                Thread.sleep(backoff);
                backoff = Math.min(settings.maxBackoff().toMillis(), backoff * 2);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            table.close();
        } finally {
            connection.close();
        }
    }
}
