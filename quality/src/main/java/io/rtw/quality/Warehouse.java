package io.rtw.quality;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Identifiers;
import io.rtw.meta.Location;
import io.rtw.stream.JobException;
import io.rtw.stream.JobRunner;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.types.Row;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads results and late records of a metric from the warehouse and writes the quality tables, through one batch
 * table environment of the project (its catalogs and meta-tables registered by the {@link JobRunner}).
 */
final class Warehouse {

    /** The database, in the metric's catalog, that holds the quality tables. */
    static final String DATABASE = "quality";

    private final JobRunner runner;
    private final TableEnvironment env;

    Warehouse(JobRunner runner, JobRunner.Spec spec) {
        this.runner = runner;
        this.env = runner.environment(spec);
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

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
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
            cols.add("CAST(" + Identifiers.quote(m.column()) + " AS DOUBLE)");
        }
        for (Metric.Measure m : metric.measures()) {
            cols.add(m.sketchColumn().map(s -> Identifiers.quote(s)).orElse("CAST(NULL AS BYTES)"));
        }
        sides.forEach(side -> requireTable(side.table()));
        String where = " WHERE " + Identifiers.quote(metric.dayColumn()) + " IN (" + days.stream()
                .map(d -> literal(d.toString())).collect(Collectors.joining(", ")) + ")";
        // One query (one Flink job) for every side: they differ by table, tag or snapshot.
        String sql = sides.stream().map(side -> "SELECT " + literal(side.name()) + ", " + String.join(", ", cols)
                + " FROM " + from(side) + where).collect(Collectors.joining("\nUNION ALL\n"));
        Map<String, Map<LocalDate, Map<String, NavigableMap<LocalDateTime, Reconciler.Point>>>> out = new TreeMap<>();
        sides.forEach(side -> out.put(side.name(), new TreeMap<>()));
        int n = metric.measures().size();
        for (Row r : rows(sql, sides)) {
            Map<String, Double> values = new HashMap<>();
            Map<String, byte[]> sketches = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String col = metric.measures().get(i).column();
                values.put(col, (Double) r.getField(4 + i));
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

    /** The event times (in the project's time zone) of the day's late records, per key. */
    Map<String, List<LocalDateTime>> lateTimes(Metric.Late late, LocalDate day) {
        requireTable(late.table());
        String sql = "SELECT " + keyExpr(late.keys()) + ", CAST(" + Identifiers.quote(late.timeColumn())
                + " AS TIMESTAMP(3)) FROM " + quoted(late.table()) + " WHERE " + Identifiers.quote(late.dayColumn())
                + " = " + literal(day.toString());
        Map<String, List<LocalDateTime>> out = new TreeMap<>();
        for (Row r : rows(sql, List.of())) {
            out.computeIfAbsent((String) r.getField(0), k -> new ArrayList<>()).add((LocalDateTime) r.getField(1));
        }
        return out;
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
            return runner.rows(env, sql);
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
            runner.rows(env, "CALL " + Identifiers.quote(parts[0]) + ".sys.create_tag(" + literal(parts[1] + "."
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

    /** Reads a quality table's rows matching {@code where}; none when the table does not exist yet. */
    List<Row> quality(String catalog, String table, String columns, String where) {
        String path = Identifiers.quote(catalog) + "." + Identifiers.quote(DATABASE) + "." + Identifiers.quote(table);
        if (!exists(catalog, DATABASE, table)) {
            return List.of();
        }
        return runner.rows(env, "SELECT " + columns + " FROM " + path + " WHERE " + where);
    }

    /** Whether {@code catalog} holds {@code database.table}. */
    private boolean exists(String catalog, String database, String table) {
        return env.getCatalog(catalog).map(c -> c.tableExists(new ObjectPath(database, table))).orElse(false);
    }
}
