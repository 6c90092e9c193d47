package io.rtw.kv.hbase;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.AsyncConnection;
import org.apache.hadoop.hbase.client.AsyncTable;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Looks rows up by their full key with HBase's asynchronous client: one {@code Get} of the column family per
 * key, retried up to {@code maxRetries} times with a growing delay. Caching is Flink's
 * ({@code PartialCachingAsyncLookupProvider}), configured by the {@code lookup.*} options. Public because Flink's
 * planner instantiates a lookup function that no cache wraps only when its class is public.
 */
public final class HBaseAsyncLookupFunction extends AsyncLookupFunction {

    private static final long serialVersionUID = 1L;

    private final ConnectionConfig config;
    private final HBaseSchema schema;
    private final int[] keyRowIndex;
    private final int maxRetries;

    private transient AsyncConnection connection;
    private transient AsyncTable<?> table;

    /**
     * @param keyRowIndex for key column {@code i} (in key order), its field in the lookup key row
     */
    HBaseAsyncLookupFunction(ConnectionConfig config, HBaseSchema schema, int[] keyRowIndex, int maxRetries) {
        this.config = config;
        this.schema = schema;
        this.keyRowIndex = keyRowIndex.clone();
        this.maxRetries = maxRetries;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        connection = ConnectionFactory.createAsyncConnection(config.hbaseConfiguration()).get();
        table = connection.getTable(TableName.valueOf(config.tableName()));
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
        byte[] rowKey = schema.rowKey(keyRow, keyRowIndex);
        if (rowKey == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        Get get = new Get(rowKey).addFamily(schema.family());
        return get(get, 0).thenApply(result -> result.isEmpty()
                ? List.<RowData>of()
                : List.of(schema.row(result, keyRow, keyRowIndex)));
    }

    private CompletableFuture<Result> get(Get get, int attempt) {
        return table.get(get).handle((result, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(result);
            }
            if (attempt >= maxRetries) {
                return CompletableFuture.<Result>failedFuture(new CompletionException(
                        "looking up a row in HBase table " + config.tableName() + " failed after " + (attempt + 1)
                                + " attempts", error));
            }
            Executor later = CompletableFuture.delayedExecutor(100L << Math.min(attempt, 6), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> get, later).thenCompose(g -> get(g, attempt + 1));
        }).thenCompose(f -> f);
    }

    @Override
    public void close() throws Exception {
        if (connection != null) {
            connection.close();
        }
    }
}
