package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Identifiers;
import io.rtw.meta.Location;
import io.rtw.runtime.JobException;
import io.rtw.runtime.WarehouseSession;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.rtw.meta.Identifiers.literal;

/**
 * Reads results and late records of a metric from the warehouse and writes the quality tables, through one batch
 * session of the project (its catalogs and meta-tables registered: a {@link WarehouseSession}).
 */
final class Warehouse {

    /** The database, in the metric's catalog, that holds the quality tables. */
    static final String DATABASE = "quality";

    /**
     * The type of values in the quality tables: every BIGINT, and every DECIMAL with at most 18 digits after the point
     * and 20 before it, exactly; sketch estimates to 18 places.
     */
    static final String VALUE_TYPE = "DECIMAL(38, 18)";
    private static final int VALUE_SCALE = 18;
    private static final int VALUE_INTEGER_DIGITS = 20;
    private static final Set<LogicalTypeRoot> EXACT_TYPES = EnumSet.of(LogicalTypeRoot.TINYINT,
            LogicalTypeRoot.SMALLINT, LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT, LogicalTypeRoot.DECIMAL);

    private final WarehouseSession session;
    private final TableEnvironment env;

    Warehouse(WarehouseSession session) {
        this.session = session;
        this.env = session.env();
    }

    /** {@code cat.db.t} quoted. */
    static String quoted(String table) {
        return Arrays.stream(table.split("\\.")).map(Identifiers::quote).collect(Collectors.joining("."));
    }

    /** Whether {@code name} is {@code min} to {@code max} plain identifiers joined by dots. */
    static boolean isPath(String name, int min, int max) {
        String[] parts = name.split("\\.", -1);
        return parts.length >= min && parts.length <= max
                && Arrays.stream(parts).allMatch(part -> Identifiers.problem(part).isEmpty());
    }


    /** The catalog part of {@code cat.db.t}. */
    static String catalog(String table) {
        return table.substring(0, table.indexOf('.'));
    }

    /** The side's table as a FROM item: with the Paimon time-travel hint of its tag or snapshot. */
    static String from(Metric.Side side) {
        String hint = side.tag().map(t -> " /*+ OPTIONS('scan.tag-name'=" + literal(t) + ") */")
                .or(() -> side.snapshot().map(s -> " /*+ OPTIONS('scan.snapshot-id'='" + s + "') */")).orElse("");
        return quoted(side.table()) + hint;
    }

    static String keyExpr(List<String> keys) {
        return keys.isEmpty() ? "'*'" : keys.stream().map(k -> "COALESCE(CAST(" + Identifiers.quote(k)
                + " AS STRING), 'NULL')").collect(Collectors.joining(" || '|' || "));
    }

    /** The metric's rows of {@code days} on each side: side name to day to key to window end to point. */
    Map<String, Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>>> read(Metric metric,
            List<Metric.Side> sides, List<LocalDate> days) {
        List<String> cols = new ArrayList<>();
        cols.add("CAST(" + Identifiers.quote(metric.dayColumn()) + " AS STRING)");
        cols.add(keyExpr(metric.keys()));
        cols.add("CAST(" + Identifiers.quote(metric.timeColumn()) + " AS TIMESTAMP(3))");
        for (Metric.Measure m : metric.measures()) {
            cols.add(Identifiers.quote(m.column()));
        }
        for (Metric.Measure m : metric.measures()) {
            cols.add(m.sketchColumn().map(s -> Identifiers.quote(s)).orElse("CAST(NULL AS BYTES)"));
        }
        for (Metric.Side side : sides) {
            requireTable(side.table());
            Map<String, LogicalType> types = columnTypes(side.table());
            for (Metric.Measure m : metric.measures()) {
                requireNumber(metric, side.table(), types, m.column(), m.kind().exact(), "measure " + m.column()
                        + " (kind " + m.kind().name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        String where = " WHERE " + Identifiers.quote(metric.dayColumn()) + " IN (" + days.stream()
                .map(d -> literal(d.toString())).collect(Collectors.joining(", ")) + ")";
        // One query (one Flink job) for every side: they differ by table, tag or snapshot.
        String sql = sides.stream().map(side -> "SELECT " + literal(side.name()) + ", " + String.join(", ", cols)
                + " FROM " + from(side) + where).collect(Collectors.joining("\nUNION ALL\n"));
        Map<String, Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>>> out = new TreeMap<>();
        sides.forEach(side -> out.put(side.name(), new TreeMap<>()));
        int n = metric.measures().size();
        for (Row r : rows(sql, sides)) {
            Map<String, BigDecimal> values = new HashMap<>();
            Map<String, byte[]> sketches = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String col = metric.measures().get(i).column();
                values.put(col, decimal(r.getField(4 + i)));
                if (r.getField(4 + n + i) != null) {
                    sketches.put(col, (byte[]) r.getField(4 + n + i));
                }
            }
            out.get((String) r.getField(0)).computeIfAbsent(LocalDate.parse((String) r.getField(1)),
                    d -> new TreeMap<>()).computeIfAbsent((String) r.getField(2), k -> new TreeMap<>())
                    .put((LocalDateTime) r.getField(3), new Reconciler.Point(values, sketches));
        }
        return out;
    }

    /**
     * The day's late records per key: their event times (in the project's time zone) and the values of the late
     * columns the metric's sum measures add up.
     */
    Map<String, List<Reconciler.LateRecord>> lateRecords(Metric metric, Metric.Late late, LocalDate day) {
        requireTable(late.table());
        List<String> summed = metric.measures().stream().flatMap(m -> m.lateColumn().stream()).distinct().toList();
        Map<String, LogicalType> types = columnTypes(late.table());
        for (String c : summed) {
            requireNumber(metric, late.table(), types, c, true, "late-column " + c + " of the late table");
        }
        StringBuilder sql = new StringBuilder("SELECT " + keyExpr(late.keys()) + ", CAST("
                + Identifiers.quote(late.timeColumn()) + " AS TIMESTAMP(3))");
        summed.forEach(c -> sql.append(", ").append(Identifiers.quote(c)));
        sql.append(" FROM ").append(quoted(late.table())).append(" WHERE ").append(Identifiers.quote(late.dayColumn()))
                .append(" = ").append(literal(day.toString()));
        Map<String, List<Reconciler.LateRecord>> out = new TreeMap<>();
        for (Row r : rows(sql.toString(), List.of())) {
            Map<String, BigDecimal> values = new HashMap<>();
            for (int i = 0; i < summed.size(); i++) {
                values.put(summed.get(i), decimal(r.getField(2 + i)));
            }
            out.computeIfAbsent((String) r.getField(0), k -> new ArrayList<>()).add(new Reconciler.LateRecord(
                    (LocalDateTime) r.getField(1), values));
        }
        return out;
    }

    /** A value Flink read from a numeric column, as a decimal: exactly for integers and decimals. */
    static BigDecimal decimal(Object v) {
        if (v == null || v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("a sketch estimate is " + d);
            }
            // The shortest decimal that reads back as the same double (an estimate, not an amount).
            return v instanceof Float f ? new BigDecimal(Float.toString(f)) : BigDecimal.valueOf(d);
        }
        throw new IllegalArgumentException("not a number: " + v.getClass().getSimpleName());
    }

    /** The columns of {@code table} ({@code cat.db.t}) with their types. */
    private Map<String, LogicalType> columnTypes(String table) {
        Map<String, LogicalType> out = new LinkedHashMap<>();
        env.from(quoted(table)).getResolvedSchema().getColumns().forEach(c -> out.put(c.getName(),
                c.getDataType().getLogicalType()));
        return out;
    }

    /**
     * Refuses a column that is missing or holds no number a measure can use: exact kinds need an integer or a
     * DECIMAL that fits {@link #VALUE_TYPE}, since a floating-point value is not an amount two runs agree on.
     */
    private static void requireNumber(Metric metric, String table, Map<String, LogicalType> types, String column,
            boolean exact, String what) {
        LogicalType t = types.get(column);
        Location at = metric.location().withPath("measures");
        if (t == null) {
            throw new DefinitionException(at, what + ": " + table + " has no column '" + column + "'; its columns: "
                    + String.join(", ", types.keySet()));
        }
        String type = t.copy(true).asSummaryString();
        if (exact && !EXACT_TYPES.contains(t.getTypeRoot())) {
            throw new DefinitionException(at, what + ": column " + column + " of " + table + " is " + type
                    + "; an exact measure needs DECIMAL or an integer type, compared exactly (a floating-point sum "
                    + "differs between runs in its last digits): CAST it to DECIMAL in the job, or use kind hll or "
                    + "theta for estimates");
        }
        if (!exact && !t.is(LogicalTypeFamily.NUMERIC)) {
            throw new DefinitionException(at, what + ": column " + column + " of " + table + " is " + type
                    + ", not a number");
        }
        if (t instanceof DecimalType d && (d.getScale() > VALUE_SCALE
                || d.getPrecision() - d.getScale() > VALUE_INTEGER_DIGITS)) {
            throw new DefinitionException(at, what + ": column " + column + " of " + table + " is " + type
                    + ", wider than the quality tables' " + VALUE_TYPE + " (at most " + VALUE_INTEGER_DIGITS
                    + " digits before the point and " + VALUE_SCALE + " after it)");
        }
    }

    /** Rows and non-null values of {@code column} of the day. */
    long[] nullCount(Metric metric, Metric.Side side, String column, LocalDate day) {
        String sql = "SELECT COUNT(*), COUNT(" + Identifiers.quote(column) + ") FROM " + from(side) + " WHERE "
                + Identifiers.quote(metric.dayColumn()) + " = " + literal(day.toString());
        Row r = rows(sql, List.of(side)).get(0);
        return new long[] {(Long) r.getField(0), (Long) r.getField(1)};
    }

    /** Refuses to read {@code table} ({@code cat.db.t}) before a job has written it, in words rather than a planner error. */
    private void requireTable(String table) {
        String[] p = table.split("\\.");
        if (!exists(p[0], p[1], p[2])) {
            throw new DefinitionException(Location.ofFile(table), "no such table in the warehouse yet: run the job "
                    + "that writes it first");
        }
    }

    /** Runs a query; a missing tag becomes a user error naming what to do. */
    List<Row> rows(String sql, List<Metric.Side> sides) {
        try {
            return session.rows(sql);
        } catch (JobException | IllegalStateException e) {
            String msg = String.valueOf(e.getMessage());
            Metric.Side side = sides.stream().filter(s -> s.tag().filter(msg::contains).isPresent()).findFirst()
                    .orElse(null);
            if (side != null) {
                throw new DefinitionException(Location.ofFile(side.table()), "side " + side.name() + " reads tag '"
                        + side.tag().get() + "' of " + side.table() + ", which cannot be read (" + firstLine(msg)
                        + "); take it after the stream day closes and before the batch run with: rtw reconcile "
                        + "--freeze " + side.name() + " --metric ... --bizdate ...");
            }
            throw e;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Tags the current snapshot of the side's table with the side's tag; refuses when the tag exists. */
    void freeze(Metric.Side side) {
        String tag = side.tag().orElseThrow(() -> new DefinitionException(Location.ofFile(side.table()), "side "
                + side.name() + " has no tag to take: give it 'tag: <name>' in the metric's sides"));
        requireTable(side.table());
        String[] parts = side.table().split("\\.");
        try {
            session.rows("CALL " + Identifiers.quote(parts[0]) + ".sys.create_tag(" + literal(parts[1] + "."
                    + parts[2]) + ", " + literal(tag) + ")");
        } catch (JobException | IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("already exists")) {
                throw new DefinitionException(Location.ofFile(side.table()), "tag '" + tag + "' of " + side.table()
                        + " already exists; delete it first with CALL " + parts[0] + ".sys.delete_tag('" + parts[1]
                        + "." + parts[2] + "', '" + tag + "')");
            }
            throw e;
        }
    }

    /**
     * Replaces the rows of one partition of a quality table with {@code rows}: creates the database and the table
     * when missing, then overwrites the static partition in one Paimon commit (an empty list empties it).
     *
     * @param columns the non-partition columns, name to SQL type, in order; rows hold their values in this order
     * @param partition partition column to value, in order
     */
    void overwrite(String catalog, String table, Map<String, String> columns, List<String> primaryKey,
            Map<String, String> partition, List<Object[]> rows) {
        String path = Identifiers.quote(catalog) + "." + Identifiers.quote(DATABASE) + "." + Identifiers.quote(table);
        env.executeSql("CREATE DATABASE IF NOT EXISTS " + Identifiers.quote(catalog) + "."
                + Identifiers.quote(DATABASE));
        List<String> defs = new ArrayList<>();
        columns.forEach((c, t) -> defs.add(Identifiers.quote(c) + " " + t));
        partition.keySet().forEach(p -> defs.add(Identifiers.quote(p) + " STRING"));
        List<String> pk = new ArrayList<>(partition.keySet());
        pk.addAll(primaryKey);
        env.executeSql("CREATE TABLE IF NOT EXISTS " + path + " (\n  " + String.join(",\n  ", defs)
                + ",\n  PRIMARY KEY (" + pk.stream().map(Identifiers::quote).collect(Collectors.joining(", "))
                + ") NOT ENFORCED\n) PARTITIONED BY (" + partition.keySet().stream().map(Identifiers::quote)
                        .collect(Collectors.joining(", ")) + ") WITH ('bucket' = '1')");
        Map<String, String> declared = new LinkedHashMap<>(columns);
        partition.keySet().forEach(p -> declared.put(p, "STRING"));
        requireColumns(catalog + "." + DATABASE + "." + table, declared);
        List<Object[]> full = rows.stream().map(r -> {
            Object[] out = Arrays.copyOf(r, r.length + partition.size());
            int i = r.length;
            for (String v : partition.values()) {
                out[i++] = v;
            }
            return out;
        }).toList();
        PaimonRows.write(env, catalog, DATABASE, table, partition, full);
    }

    /**
     * Refuses to write a quality table an earlier rtw created with other columns (values as DOUBLE, say): its rows
     * are derived, and the user decides whether to drop them.
     */
    private void requireColumns(String table, Map<String, String> declared) {
        Map<String, String> existing = new LinkedHashMap<>();
        columnTypes(table).forEach((c, t) -> existing.put(c, t.copy(true).asSerializableString()
                .replace("VARCHAR(" + Integer.MAX_VALUE + ")", "STRING")));
        List<String> differences = new ArrayList<>();
        declared.forEach((c, t) -> {
            String e = existing.get(c);
            if (e == null) {
                differences.add(c + " " + t + " is missing");
            } else if (!e.equals(t)) {
                differences.add(c + " is " + e + ", now " + t);
            }
        });
        existing.keySet().stream().filter(c -> !declared.containsKey(c)).forEach(c -> differences.add(c
                + " is no longer written"));
        if (!differences.isEmpty()) {
            throw new DefinitionException(Location.ofFile(table), "exists with other columns than this rtw writes ("
                    + String.join("; ", differences) + "). Its rows are derived from the results (rtw reconcile and "
                    + "rtw quality check write them again for a day): drop it with rtw query 'DROP TABLE "
                    + quoted(table) + "' and run again");
        }
    }

    /** Reads a quality table's rows matching {@code where}; none when the table does not exist yet. */
    List<Row> quality(String catalog, String table, String columns, String where) {
        String path = Identifiers.quote(catalog) + "." + Identifiers.quote(DATABASE) + "." + Identifiers.quote(table);
        if (!exists(catalog, DATABASE, table)) {
            return List.of();
        }
        return session.rows("SELECT " + columns + " FROM " + path + " WHERE " + where);
    }

    /** Whether {@code catalog} holds {@code database.table}. */
    private boolean exists(String catalog, String database, String table) {
        return env.getCatalog(catalog).map(c -> c.tableExists(new ObjectPath(database, table))).orElse(false);
    }
}
