package io.rtw.meta;

import java.util.List;
import java.util.Optional;

/**
 * One logical table, declared once: its columns and, per side, where each column comes from.
 *
 * <p>A <em>source</em> table has a {@code stream} and a {@code batch} binding and is read by the same
 * SQL in both modes. A <em>serving</em> table has a single {@code kv} binding that is used in both modes
 * (jobs write it and look it up).
 *
 * @param name the logical name SQL uses; a plain identifier
 * @param description what the table holds, for people
 * @param owner who to ask about it
 * @param columns the logical columns, in order
 * @param primaryKey logical primary key column names (may be empty)
 * @param eventTime the event-time column and watermark delay, if the table has event time
 * @param stream the stream-side binding (source tables)
 * @param batch the batch-side binding (source tables)
 * @param kv the serving binding (serving tables)
 */
public record MetaTable(
        String name,
        String description,
        String owner,
        List<Column> columns,
        List<String> primaryKey,
        Optional<EventTime> eventTime,
        Optional<Binding> stream,
        Optional<Binding> batch,
        Optional<Binding> kv) {

    /** Copies the lists so the record stays immutable. */
    public MetaTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /** The binding used when compiling for {@code mode}. */
    public Binding binding(Mode mode) {
        if (kv.isPresent()) {
            return kv.get();
        }
        return (mode == Mode.STREAM ? stream : batch)
                .orElseThrow(() -> new IllegalStateException(name + " has no " + mode.id() + " binding"));
    }

    /** Whether this is a serving (KV) table rather than a stream/batch source. */
    public boolean isServing() {
        return kv.isPresent();
    }

    /** The column named {@code columnName}, if declared. */
    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** Whether {@code columnName} is virtual (has no data behind it) when compiled for {@code mode}. */
    public boolean isVirtual(String columnName, Mode mode) {
        return column(columnName)
                .map(c -> c.source(mode) instanceof ColumnSource.Virtual)
                .orElseThrow(() -> new IllegalArgumentException("no column " + columnName + " in " + name));
    }
}
