package io.rtw.quality;

import org.apache.flink.metrics.Counter;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.schema.Schema;
import org.apache.paimon.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The per-JVM writer behind {@link MetricFunction}: one per metrics table, shared by every function instance in
 * the JVM, flushing the registered slots' aggregates since the last flush to Paimon from a daemon thread.
 */
final class MetricWriter {

    private static final Logger LOG = LoggerFactory.getLogger(MetricWriter.class);
    private static final Map<String, MetricWriter> WRITERS = new HashMap<>();

    /**
     * One name's aggregates in one task: written by the task thread, read by the flusher; count and sum change
     * together under the slot's (uncontended) lock so a flush sees a consistent pair.
     */
    static final class Slot {
        private final String name;
        private final String task;
        private final Counter counter;
        private long count;
        private double sum;
        private volatile double last;
        private long flushedCount;
        private double flushedSum;

        Slot(String name, String task, Counter counter) {
            this.name = name;
            this.task = task;
            this.counter = counter;
        }

        void record(double value) {
            counter.inc();
            synchronized (this) {
                count++;
                sum += value;
            }
            last = value;
        }

        double last() {
            return last;
        }
    }

    private final String key;
    private final Catalog catalog;
    private final Identifier table;
    private final Set<Slot> slots = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;
    private int users;

    private MetricWriter(String key, String warehouse, String database, String table, long flushMillis) {
        this.key = key;
        this.catalog = CatalogFactory.createCatalog(CatalogContext.create(new org.apache.paimon.fs.Path(warehouse)));
        this.table = Identifier.create(database, table);
        try {
            catalog.createDatabase(database, true);
            catalog.createTable(this.table, Schema.newBuilder()
                    .column("metric_time", DataTypes.TIMESTAMP(3), "when the values were flushed (local time)")
                    .column("name", DataTypes.STRING(), "the name given to rtw_metric")
                    .column("task", DataTypes.STRING(), "the task and subtask that recorded the values")
                    .column("count", DataTypes.BIGINT(), "values recorded since the previous flush")
                    .column("sum", DataTypes.DOUBLE(), "their sum")
                    .column("last", DataTypes.DOUBLE(), "the last value recorded")
                    .column("dt", DataTypes.STRING(), "day of metric_time")
                    .partitionKeys("dt").build(), true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the metrics table " + this.table + " in " + warehouse, e);
        }
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtw-metric-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    /** The shared writer of a metrics table, created on first use. */
    static synchronized MetricWriter acquire(String warehouse, String database, String table, long flushMillis) {
        String key = warehouse + "|" + database + "." + table;
        MetricWriter w = WRITERS.computeIfAbsent(key, k -> new MetricWriter(k, warehouse, database, table,
                flushMillis));
        w.users++;
        return w;
    }

    void register(Slot slot) {
        slots.add(slot);
    }

    /** Flushes what the slot recorded and forgets it. */
    void unregister(Slot slot) {
        flush(List.of(slot));
        slots.remove(slot);
    }

    /** Drops one user; the last one stops the flusher. */
    void release() {
        synchronized (MetricWriter.class) {
            if (--users == 0) {
                WRITERS.remove(key);
                flusher.shutdown();
                flushQuietly();
            }
        }
    }

    private void flushQuietly() {
        try {
            flush(new ArrayList<>(slots));
        } catch (RuntimeException e) {
            LOG.warn("rtw_metric: cannot append to {}: {}", table, e.toString());
        }
    }

    private synchronized void flush(List<Slot> toFlush) {
        LocalDateTime now = LocalDateTime.now().withNano(LocalDateTime.now().getNano() / 1_000_000 * 1_000_000);
        List<Object[]> rows = new ArrayList<>();
        for (Slot s : toFlush) {
            long count;
            double sum;
            synchronized (s) {
                count = s.count;
                sum = s.sum;
            }
            if (count > s.flushedCount) {
                rows.add(new Object[] {now, s.name, s.task, count - s.flushedCount, sum - s.flushedSum, s.last,
                    now.toLocalDate().toString()});
                s.flushedCount = count;
                s.flushedSum = sum;
            }
        }
        if (!rows.isEmpty()) {
            PaimonRows.write(catalog, table.getDatabaseName(), table.getObjectName(), null, rows);
        }
    }
}
