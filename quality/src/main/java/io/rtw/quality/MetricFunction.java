package io.rtw.quality;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code rtw_metric('name', value)}: returns {@code value} unchanged and records it under {@code name} as a Flink
 * gauge (the last value) and counter ({@code name_count}) in the function's metric group {@code rtw_metric}, and
 * in per-name aggregates (count, sum, last) that a background thread appends to a Paimon table every flush
 * interval and once more when the function closes. The hot path only updates fields: no allocation, no I/O.
 */
public final class MetricFunction extends ScalarFunction {

    /** The SQL name. */
    public static final String NAME = "rtw_metric";

    private static final long serialVersionUID = 1L;

    private final String warehouse;
    private final String database;
    private final String table;
    private final long flushMillis;

    private transient MetricGroup group;
    private transient Map<String, MetricWriter.Slot> slots;
    private transient MetricWriter writer;
    private transient String task;

    /**
     * A function appending to {@code database.table} of the Paimon warehouse at {@code warehouse} (created when
     * missing) every {@code flushMillis}.
     */
    public MetricFunction(String warehouse, String database, String table, long flushMillis) {
        this.warehouse = warehouse;
        this.database = database;
        this.table = table;
        this.flushMillis = flushMillis;
    }

    @Override
    public void open(FunctionContext context) {
        group = context.getMetricGroup().addGroup(NAME);
        slots = new HashMap<>();
        task = context.getTaskInfo().getTaskNameWithSubtasks();
        writer = MetricWriter.acquire(warehouse, database, table, flushMillis);
    }

    /** Records a BIGINT value. */
    public Long eval(String name, Long value) {
        if (value != null) {
            slot(name).record(value);
        }
        return value;
    }

    /** Records an INT value. */
    public Integer eval(String name, Integer value) {
        if (value != null) {
            slot(name).record(value);
        }
        return value;
    }

    /** Records a DOUBLE value. */
    public Double eval(String name, Double value) {
        if (value != null) {
            slot(name).record(value);
        }
        return value;
    }

    private MetricWriter.Slot slot(String name) {
        MetricWriter.Slot s = slots.get(name);
        if (s == null) {
            Counter counter = group.counter(name + "_count");
            s = new MetricWriter.Slot(name, task, counter);
            MetricWriter.Slot gaugeSource = s;
            group.gauge(name, (Gauge<Double>) gaugeSource::last);
            slots.put(name, s);
            writer.register(s);
        }
        return s;
    }

    @Override
    public void close() {
        if (writer != null) {
            slots.values().forEach(writer::unregister);
            writer.release();
        }
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
