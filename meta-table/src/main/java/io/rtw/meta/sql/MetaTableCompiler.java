package io.rtw.meta.sql;

import io.rtw.meta.Binding;
import io.rtw.meta.Column;
import io.rtw.meta.ColumnSource;
import io.rtw.meta.DefinitionException;
import io.rtw.meta.EventTime;
import io.rtw.meta.Location;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.binding.BindingFactories;
import io.rtw.meta.binding.BindingFactory;
import io.rtw.meta.binding.Relation;

import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.rtw.meta.Identifiers.quote;

/**
 * Compiles meta-tables for one mode into Flink SQL that makes each logical table queryable by its own
 * name, with the same column names and types in both modes.
 *
 * <p>A source table becomes a physical relation (a temporary connector table named
 * {@code <name>$source} with a watermark in stream mode, or a catalog table) plus a temporary view
 * {@code <name>} that casts each column to its logical type, computes expressions and fills virtual
 * columns. A serving table becomes a temporary connector table under its own name, so jobs can write
 * to it and look it up.
 */
public final class MetaTableCompiler {

    private static final String ROWTIME = "rtw$event_time";

    private final BindingFactories kinds;

    private MetaTableCompiler(BindingFactories kinds) {
        this.kinds = kinds;
    }

    /** A compiler using the binding kinds on the class path. */
    public static MetaTableCompiler create() {
        return new MetaTableCompiler(BindingFactories.load());
    }

    /**
     * The DDL for the project's catalogs and every meta-table.
     *
     * @param bizdate when present, batch sources partitioned by day read only this day
     */
    public Script compile(Project project, Mode mode, Optional<LocalDate> bizdate) {
        return compile(project, project.tables(), mode, bizdate);
    }

    /** The DDL for the given tables of {@code project} and the catalogs they need. */
    public Script compile(Project project, List<MetaTable> tables, Mode mode, Optional<LocalDate> bizdate) {
        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>(project.catalogs());
        List<String> tableDdl = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (MetaTable table : tables) {
            Relation relation = relation(table, mode);
            if (relation instanceof Relation.CatalogTable c) {
                if (!c.catalogOptions().isEmpty()) {
                    Map<String, String> previous = catalogs.putIfAbsent(c.catalog(), c.catalogOptions());
                    if (previous != null && !previous.equals(c.catalogOptions())) {
                        problems.add(new Problem(Location.ofFile(project.dir().toString()).withPath(table.name()),
                                "catalog '" + c.catalog() + "' of " + table.name() + " is declared elsewhere with "
                                        + "other options; give the binding another catalog name"));
                    }
                } else if (!catalogs.containsKey(c.catalog())) {
                    problems.add(new Problem(Location.ofFile(project.dir().toString()).withPath(table.name()),
                            "catalog '" + c.catalog() + "' used by " + table.name() + " is not declared; add it "
                                    + "to catalogs in rtw.yaml or give the binding a warehouse"));
                }
            }
            tableDdl.addAll(table(table, mode, relation, bizdate));
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        List<String> statements = new ArrayList<>();
        catalogs.forEach((name, options) ->
                statements.add("CREATE CATALOG IF NOT EXISTS " + quote(name) + " WITH (" + with(options) + "\n)"));
        statements.addAll(tableDdl);
        return new Script(statements);
    }

    private Relation relation(MetaTable table, Mode mode) {
        Binding binding = table.binding(mode);
        BindingFactory factory = kinds.find(binding.kind()).orElseThrow(() -> new IllegalStateException(
                "binding kind " + binding.kind() + " of " + table.name() + " is no longer on the class path"));
        return factory.relation(table.name(), Configuration.fromMap(binding.options()), binding.options());
    }

    private static List<String> table(MetaTable table, Mode mode, Relation relation, Optional<LocalDate> bizdate) {
        if (table.isServing()) {
            return List.of(servingTable(table, (Relation.ConnectorTable) relation));
        }
        List<String> out = new ArrayList<>();
        String from;
        Optional<EventTime> watermark = mode == Mode.STREAM ? table.eventTime() : Optional.empty();
        if (relation instanceof Relation.ConnectorTable c) {
            String source = table.name() + "$source";
            out.add(sourceTable(table, mode, source, c, watermark));
            from = "`" + source + "`";
        } else {
            Relation.CatalogTable c = (Relation.CatalogTable) relation;
            from = quote(c.catalog()) + "." + quote(c.database()) + "." + quote(c.table());
        }
        String where = relation.partition().flatMap(p -> bizdate.map(d -> "\nWHERE " + quote(p.column()) + " = "
                + literal(d.format(DateTimeFormatter.ofPattern(p.format()))))).orElse("");
        String select = table.columns().stream()
                .map(c -> "  " + projection(c, mode, table.binding(mode).fields(), watermark) + " AS " + quote(c.name()))
                .collect(Collectors.joining(",\n"));
        out.add("CREATE TEMPORARY VIEW " + quote(table.name()) + " AS\nSELECT\n" + select + "\nFROM " + from + where);
        return out;
    }

    private static String sourceTable(
            MetaTable table, Mode mode, String name, Relation.ConnectorTable c, Optional<EventTime> watermark) {
        List<String> lines = new ArrayList<>();
        table.binding(mode).fields().forEach((f, type) -> lines.add("  " + quote(f) + " " + type));
        watermark.ifPresent(wm -> {
            Column col = table.column(wm.column()).orElseThrow();
            String rowtime = col.stream() instanceof ColumnSource.Field f ? quote(f.field()) : "`" + ROWTIME + "`";
            if (!(col.stream() instanceof ColumnSource.Field)) {
                lines.add("  `" + ROWTIME + "` AS CAST(" + expression(col.stream()) + " AS " + col.type() + ")");
            }
            lines.add("  WATERMARK FOR " + rowtime + " AS " + rowtime + " - " + interval(wm.watermarkDelay()));
        });
        String partitioned = c.partition().map(p -> "\nPARTITIONED BY (" + quote(p.column()) + ")").orElse("");
        return "CREATE TEMPORARY TABLE `" + name + "` (\n" + String.join(",\n", lines) + "\n)" + partitioned
                + " WITH (" + with(c.options()) + "\n)";
    }

    private static String servingTable(MetaTable table, Relation.ConnectorTable c) {
        List<String> lines = new ArrayList<>();
        table.columns().forEach(col -> lines.add("  " + quote(col.name()) + " " + col.type()
                + (col.comment().isEmpty() ? "" : " COMMENT " + literal(col.comment()))));
        if (!table.primaryKey().isEmpty()) {
            lines.add("  PRIMARY KEY (" + table.primaryKey().stream().map(k -> quote(k))
                    .collect(Collectors.joining(", ")) + ") NOT ENFORCED");
        }
        return "CREATE TEMPORARY TABLE " + quote(table.name()) + " (\n" + String.join(",\n", lines) + "\n) WITH ("
                + with(c.options()) + "\n)";
    }

    private static String projection(Column c, Mode mode, Map<String, String> fields, Optional<EventTime> watermark) {
        ColumnSource source = c.source(mode);
        boolean rowtime = watermark.map(w -> w.column().equals(c.name())).orElse(false);
        if (rowtime) {
            // The time attribute must reach the view untouched: a CAST would turn it into a plain value.
            return source instanceof ColumnSource.Field f ? quote(f.field()) : "`" + ROWTIME + "`";
        }
        String cast = "CAST(" + expression(source) + " AS " + c.type() + ")";
        boolean notNull = source instanceof ColumnSource.Virtual || source instanceof ColumnSource.Field f
                && fields.getOrDefault(f.field(), "").matches("(?is).*\\bNOT\\s+NULL\\s*");
        // A constant or a NOT NULL field would make the column NOT NULL on this side only; keep the
        // declared (nullable) type so both modes have exactly the same schema.
        return notNull ? "IF(TRUE, " + cast + ", CAST(NULL AS " + c.type() + "))" : cast;
    }

    private static String expression(ColumnSource source) {
        if (source instanceof ColumnSource.Field f) {
            return quote(f.field());
        }
        if (source instanceof ColumnSource.Expr e) {
            return "(" + e.sql() + ")";
        }
        return "(" + ((ColumnSource.Virtual) source).sql() + ")";
    }

    private static String interval(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return "INTERVAL '" + millis / 1000 + "' SECOND";
        }
        return "INTERVAL '" + String.format(java.util.Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000)
                + "' SECOND";
    }

    private static String with(Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> "\n  " + literal(e.getKey()) + " = " + literal(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** An SQL string literal; quotes inside are doubled so no value can end the literal. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
