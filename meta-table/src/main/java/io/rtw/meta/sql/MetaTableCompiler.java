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
import io.rtw.meta.binding.DeadLetterDecoding;
import io.rtw.meta.binding.Relation;

import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.rtw.meta.Identifiers.quote;

import static io.rtw.meta.Identifiers.literal;

/**
 * Compiles meta-tables for one mode into Flink SQL that makes each logical table queryable by its own
 * name, with the same column names and types in both modes.
 *
 * <p>A source table becomes a physical relation (a temporary connector table named
 * {@code <name>$source} with a watermark in stream mode and for bounded batch scans, or a catalog table)
 * plus a temporary view
 * {@code <name>} that casts each column to its logical type, computes expressions and fills virtual
 * columns. A serving table becomes a temporary connector table under its own name, so jobs can write
 * to it and look it up; one whose store is a table in a catalog (kind paimon) becomes the connector table its kind
 * reads that catalog's table with ({@link BindingFactory#servingTable}).
 *
 * <p>Long (about 560 lines) because the source, view, archive, dead-letter and late tables of one meta-table are
 * written together from the same column list; how a column is read lives in {@link Reading}.
 */
public final class MetaTableCompiler {

    private static final String ROWTIME = "rtw$event_time";
    private static final String REASON = "rtw$reason";
    private static final String DEAD_LETTER = "$dead_letter";
    /** The view of a checked side's rows with the reason each cannot be read, NULL for good rows. */
    private static final String READ = "$read";
    private static final String LATE = "$late";
    private static final String ARCHIVE = "$archive";
    /**
     * Side tables are append-only Paimon tables written without compaction inside the stream job, which then
     * spends its source tasks on the stream; compact them with Paimon's compact procedure outside the job.
     */
    private static final String WRITE_ONLY = " /*+ OPTIONS('write-only' = 'true') */ ";
    /** Where a dead-letter or late record came from, as columns of their tables. */
    private static final List<String> ORIGIN_COLUMNS = List.of("  `topic` STRING", "  `partition` INT",
            "  `offset` BIGINT", "  `record_time` TIMESTAMP_LTZ(3)");

    /** How many times meta-tables were compiled in this process: a run traces to one (a test hook). */
    private static final java.util.concurrent.atomic.AtomicInteger COMPILATIONS =
            new java.util.concurrent.atomic.AtomicInteger();

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
        return compile(project, project.tables(), mode, bizdate, false);
    }

    /**
     * The DDL for the given tables of {@code project} and the catalogs they need.
     *
     * @param bizdate when present, batch sources partitioned by day read only this day
     * @param bounded sources are bounded streams for Flink's streaming runtime: stream sources stop at what
     *     exists when the job starts (to replay a day); batch sources with an event time become bounded scans
     *     declaring it as a time attribute whose watermark stays back until the end of the input, so windows
     *     fire once, complete, and share slices as in stream mode
     */
    public Script compile(Project project, List<MetaTable> tables, Mode mode, Optional<LocalDate> bizdate,
            boolean bounded) {
        Ddl ddl = ddl(project, tables, mode, bizdate, bounded);
        List<String> all = new ArrayList<>(ddl.catalogs());
        all.addAll(ddl.tables());
        return new Script(all);
    }

    /**
     * Every meta-table of the project compiled for a mode and day, with the inserts a job runs beside its own: what a
     * session of the warehouse runs.
     *
     * @param bounded as for {@link #compile(Project, List, Mode, Optional, boolean)}
     */
    public CompiledTables tables(Project project, Mode mode, Optional<LocalDate> bizdate, boolean bounded) {
        Ddl ddl = ddl(project, project.tables(), mode, bizdate, bounded);
        return new CompiledTables(project, mode, bizdate, bounded, ddl.catalogs(), ddl.tables(), ddl.sources(),
                sideInserts(project.tables(), mode).statements());
    }

    /** How many times meta-tables were compiled in this process. */
    static int compilations() {
        return COMPILATIONS.get();
    }

    /** The catalogs' statements, the tables' and views' after them, and the connector tables of the sources. */
    private record Ddl(List<String> catalogs, List<String> tables, List<CompiledTables.Source> sources) {}

    private Ddl ddl(Project project, List<MetaTable> tables, Mode mode, Optional<LocalDate> bizdate,
            boolean bounded) {
        COMPILATIONS.incrementAndGet();
        Map<String, Map<String, String>> catalogs = new LinkedHashMap<>(project.catalogs());
        List<String> tableDdl = new ArrayList<>();
        List<CompiledTables.Source> sources = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (MetaTable table : tables) {
            Relation relation = relation(table, mode);
            Location at = Location.ofFile(project.dir().toString()).withPath(table.name());
            if (relation instanceof Relation.CatalogTable c) {
                useCatalog(c, table, catalogs, at, problems);
                if (table.isServing()) {
                    if (!catalogs.containsKey(c.catalog())) {
                        continue;
                    }
                    Optional<Relation.ConnectorTable> serving = factory(table, mode).servingTable(c,
                            catalogs.get(c.catalog()), table.kv().orElseThrow().options());
                    if (serving.isEmpty()) {
                        problems.add(new Problem(at, "kv kind " + table.kv().get().kind() + " cannot look rows up in "
                                + "catalog '" + c.catalog() + "' of type '" + catalogs.get(c.catalog()).get("type")
                                + "' (or without a warehouse)"));
                        continue;
                    }
                    relation = serving.get();
                } else if (mode == Mode.BATCH && bounded && table.eventTime().isPresent() && catalogs.containsKey(c.catalog())) {
                    Optional<Relation.ConnectorTable> scan = factory(table, mode).boundedScan(c, catalogs.get(c.catalog()));
                    if (scan.isEmpty()) {
                        problems.add(new Problem(at, "batch kind " + table.binding(mode).kind() + " in catalog '"
                                + c.catalog() + "' cannot be read as a bounded stream with an event time; run the "
                                + "job with -D execution.runtime-mode=batch"));
                        continue;
                    }
                    relation = scan.get();
                }
            }
            if (mode == Mode.STREAM && archiveTarget(table).isPresent()) {
                useCatalog((Relation.CatalogTable) relation(table, Mode.BATCH), table, catalogs, at, problems);
            }
            for (String errorTable : errorTables(table, mode)) {
                String catalog = errorTable.substring(0, errorTable.indexOf('.'));
                if (!catalogs.containsKey(catalog)) {
                    problems.add(new Problem(at, "catalog '" + catalog + "' of " + errorTable
                            + " is not declared in rtw.yaml"));
                }
            }
            Map<String, String> options = new LinkedHashMap<>(bounded ? factory(table, mode).boundedOptions()
                    : Map.of());
            tableDdl.addAll(table(table, mode, relation, bizdate, bounded, options, project.timeZone(), sources));
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        List<String> catalogDdl = new ArrayList<>();
        catalogs.forEach((name, options) ->
                catalogDdl.add("CREATE CATALOG IF NOT EXISTS " + quote(name) + " WITH (" + with(options) + "\n)"));
        // Several side tables of one database each ask for it; create it once.
        return new Ddl(catalogDdl, tableDdl.stream().distinct().toList(), sources);
    }

    /** Registers the catalog a catalog table lives in, or reports why it cannot be used. */
    private static void useCatalog(Relation.CatalogTable c, MetaTable table, Map<String, Map<String, String>> catalogs,
            Location at, List<Problem> problems) {
        if (!c.catalogOptions().isEmpty()) {
            Map<String, String> previous = catalogs.putIfAbsent(c.catalog(), c.catalogOptions());
            if (previous != null && !previous.equals(c.catalogOptions())) {
                problems.add(new Problem(at, "catalog '" + c.catalog() + "' of " + table.name() + " is declared "
                        + "elsewhere with other options; give the binding another catalog name"));
            }
        } else if (!catalogs.containsKey(c.catalog())) {
            problems.add(new Problem(at, "catalog '" + c.catalog() + "' used by " + table.name() + " is not declared; "
                    + "add it to catalogs in rtw.yaml or give the binding a warehouse"));
        }
    }

    /** Creates a rtw-owned Paimon table (and its database) when missing. */
    private static List<String> createIfMissing(String catalog, String database, String target, List<String> columns,
            Optional<String> partitionColumn) {
        return List.of("CREATE DATABASE IF NOT EXISTS " + quote(catalog) + "." + quote(database),
                "CREATE TABLE IF NOT EXISTS " + target + " (\n" + String.join(",\n", columns) + "\n)"
                        + partitionColumn.map(p -> " PARTITIONED BY (" + quote(p) + ")").orElse(""));
    }

    /** A side table named {@code catalog.database.table} in YAML, created when missing, partitioned by dt. */
    private static List<String> createSideTable(String catalogDatabaseTable, List<String> columns) {
        String[] p = catalogDatabaseTable.split("\\.");
        return createIfMissing(p[0], p[1], path(catalogDatabaseTable), columns, Optional.of("dt"));
    }

    /**
     * The statements a job runs beside its own inserts. Stream mode: each table's malformed and late records into
     * its dead-letter and late tables, and every valid record into its batch table when the batch side declares
     * {@code archive}. Batch mode: the rows a batch side cannot read into its dead-letter table, when it has one.
     */
    public Script sideInserts(List<MetaTable> tables, Mode mode) {
        List<String> out = new ArrayList<>();
        for (MetaTable t : tables) {
            if (t.isServing()) {
                continue;
            }
            Binding b = t.binding(mode);
            if (mode == Mode.BATCH) {
                if (b.deadLetterTable().isPresent() && new Reading(t, mode, true).reason().isPresent()) {
                    out.add("INSERT INTO " + path(b.deadLetterTable().get()) + " SELECT * FROM `" + t.name() + DEAD_LETTER
                            + "`");
                }
                continue;
            }
            b.deadLetterTable().ifPresent(dl -> out.add("INSERT INTO " + path(dl) + WRITE_ONLY + "SELECT * FROM `"
                    + t.name() + DEAD_LETTER + "`"));
            b.lateTable().ifPresent(late -> out.add("INSERT INTO " + path(late) + WRITE_ONLY + "SELECT * FROM `"
                    + t.name() + LATE + "`"));
            archiveTarget(t).ifPresent(target -> out.add("INSERT INTO " + target + WRITE_ONLY + "SELECT * FROM `"
                    + t.name() + ARCHIVE + "`"));
        }
        return new Script(out);
    }

    /** The batch table a stream job archives to, when the batch side declares {@code archive}. */
    private Optional<String> archiveTarget(MetaTable t) {
        if (t.isServing() || t.batch().flatMap(Binding::archive).isEmpty()
                || !(relation(t, Mode.BATCH) instanceof Relation.CatalogTable c)) {
            return Optional.empty();
        }
        return Optional.of(quote(c.catalog()) + "." + quote(c.database()) + "." + quote(c.table()));
    }

    /** The batch table stream jobs archive into, created when missing (so batch runs and queries find it). */
    private List<String> archiveTable(MetaTable table) {
        Relation.CatalogTable c = (Relation.CatalogTable) relation(table, Mode.BATCH);
        List<String> columns = new ArrayList<>();
        table.batch().orElseThrow().fields().forEach((f, type) -> columns.add("  " + quote(f) + " " + type));
        return createIfMissing(c.catalog(), c.database(), archiveTarget(table).orElseThrow(), columns,
                c.partition().map(Relation.Partition::column));
    }

    private String archiveView(MetaTable table, Errors errors, Reading reading, String from, String error) {
        Binding batch = table.batch().orElseThrow();
        Map<String, String> archive = batch.archive().orElseThrow();
        String fields = batch.fields().keySet().stream()
                .map(f -> "  " + archived(table, f, archive, batch.fields().get(f)) + " AS " + quote(f))
                .collect(Collectors.joining(",\n"));
        String inner = select(table, Mode.STREAM, Optional.empty(), errors, reading);
        return "CREATE TEMPORARY VIEW `" + table.name() + ARCHIVE + "` AS\nSELECT\n" + fields + "\nFROM (\nSELECT\n"
                + inner + "\nFROM " + from + (error != null ? "\nWHERE `" + error + "` IS NULL" : "") + "\n)";
    }

    /**
     * A batch field's archived value: its archive expression, the same-named column, its value map reversed, or the
     * column that reads it with {@code from}.
     */
    private static String archived(MetaTable table, String field, Map<String, String> archive, String type) {
        if (archive.containsKey(field)) {
            return "CAST((" + archive.get(field) + ") AS " + type + ")";
        }
        if (table.column(field).isPresent()) {
            return "CAST(" + quote(field) + " AS " + type + ")";
        }
        for (Column c : table.columns()) {
            if (c.batch() instanceof ColumnSource.Field f && f.field().equals(field)) {
                return "CAST(" + quote(c.name()) + " AS " + type + ")";
            }
            if (c.batch() instanceof ColumnSource.Mapped m && m.field().equals(field)) {
                String cases = m.values().entrySet().stream().map(e -> " WHEN " + Reading.literalOf(e.getValue(), c.type())
                        + " THEN " + Reading.literalOf(e.getKey(), type)).collect(Collectors.joining());
                return "CAST(CASE " + quote(c.name()) + cases + " END AS " + type + ")";
            }
        }
        return "CAST(" + quote(field) + " AS " + type + ")";
    }

    private static List<String> errorTables(MetaTable table, Mode mode) {
        if (mode != Mode.STREAM || table.isServing()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        table.binding(mode).deadLetterTable().ifPresent(out::add);
        table.binding(mode).lateTable().ifPresent(out::add);
        return out;
    }

    private BindingFactory factory(MetaTable table, Mode mode) {
        Binding binding = table.binding(mode);
        return kinds.find(binding.kind()).orElseThrow(() -> new IllegalStateException(
                "binding kind " + binding.kind() + " of " + table.name() + " is no longer on the class path"));
    }

    private Relation relation(MetaTable table, Mode mode) {
        Binding binding = table.binding(mode);
        return factory(table, mode).relation(table.name(), Configuration.fromMap(binding.options()), binding.options());
    }

    /**
     * How one side of a table handles bad and late records, as compiled: {@code decoding} when a stream source hands
     * on the records it cannot decode, {@code checked} when the side's values are checked (it has a dead-letter table).
     */
    private record Errors(Optional<DeadLetterDecoding> decoding, boolean late, Map<String, String> origin,
            boolean checked) {
        boolean deadLetters() {
            return decoding.isPresent();
        }
    }

    /**
     * How the stream source of {@code table}, read with {@code options}, hands on the records it cannot decode: as its
     * kind says, else with the dead-letter format standing in for its format.
     */
    private DeadLetterDecoding deadLetterDecoding(MetaTable table, Mode mode, Map<String, String> options,
            Reading reading, ZoneId zone) {
        Binding binding = table.binding(mode);
        DeadLetterDecoding.Request request = new DeadLetterDecoding.Request(List.copyOf(binding.fields().keySet()),
                binding.decoding().isEmpty() ? Optional.empty()
                        : Optional.of(Reading.decoding(binding.decoding(), zone)),
                reading.reason().isPresent());
        String format = options.get("format");
        return factory(table, mode).deadLetterDecoding(options, request)
                .or(() -> kinds.deadLetterFormat(format).map(f -> f.decoding(options, request)))
                .orElseThrow(() -> new DefinitionException(Location.ofFile(table.name())
                        .withPath("stream.dead-letter-table"), "a dead-letter table needs format "
                        + kinds.deadLetterFormats() + " on the stream side (got " + format + ")"));
    }

    private List<String> table(MetaTable table, Mode mode, Relation relation, Optional<LocalDate> bizdate,
            boolean bounded, Map<String, String> extraOptions, ZoneId zone, List<CompiledTables.Source> sources) {
        if (table.isServing()) {
            return List.of(servingTable(table, (Relation.ConnectorTable) relation));
        }
        List<String> out = new ArrayList<>();
        if (archiveTarget(table).isPresent()) {
            out.addAll(archiveTable(table));
        }
        Optional<EventTime> watermark = mode == Mode.STREAM || bounded && relation instanceof Relation.ConnectorTable
                ? table.eventTime() : Optional.empty();
        Binding binding = table.binding(mode);
        boolean connector = relation instanceof Relation.ConnectorTable;
        boolean deadLetters = mode == Mode.STREAM && connector && binding.deadLetterTable().isPresent();
        Reading reading = new Reading(table, mode, mode == Mode.STREAM ? deadLetters
                : binding.deadLetterTable().isPresent());
        Map<String, String> options = new LinkedHashMap<>();
        if (relation instanceof Relation.ConnectorTable c) {
            options.putAll(c.options());
            options.putAll(extraOptions);
        }
        Optional<DeadLetterDecoding> decoding = deadLetters
                ? Optional.of(deadLetterDecoding(table, mode, options, reading, zone)) : Optional.empty();
        Errors errors = new Errors(decoding,
                mode == Mode.STREAM && watermark.isPresent() && binding.lateTable().isPresent(),
                connector ? factory(table, mode).originMetadata() : Map.of(),
                mode == Mode.STREAM ? deadLetters : binding.deadLetterTable().isPresent());
        Optional<String> reason = reading.reason();
        String source;
        if (relation instanceof Relation.ConnectorTable c) {
            String name = table.name() + "$source";
            CompiledTables.Source sourceTable = sourceTable(table, mode, name, c, watermark, errors,
                    decoding.map(DeadLetterDecoding::options).orElse(options), reading);
            sources.add(sourceTable);
            out.add(sourceTable.sql());
            source = "`" + name + "`";
        } else {
            Relation.CatalogTable c = (Relation.CatalogTable) relation;
            source = quote(c.catalog()) + "." + quote(c.database()) + "." + quote(c.table());
        }
        // The column holding why a row cannot be read (the format's reason first, then the columns'), if any.
        String error = reason.isPresent() ? REASON : decoding.map(DeadLetterDecoding::errorColumn).orElse(null);
        String from = source;
        if (reason.isPresent()) {
            from = "`" + table.name() + READ + "`";
            out.add("CREATE TEMPORARY VIEW " + from + " AS\nSELECT *, " + decoding.map(d -> "COALESCE(`"
                    + d.errorColumn() + "`, " + reason.get() + ")").orElse(reason.get()) + " AS `" + REASON
                    + "`\nFROM " + source);
        }
        List<String> partition = new ArrayList<>();
        relation.partition().ifPresent(p -> bizdate.ifPresent(d -> partition.add(quote(p.column()) + " = "
                + literal(d.format(DateTimeFormatter.ofPattern(p.format()))))));
        List<String> conditions = new ArrayList<>(partition);
        String rowtime = watermark.map(w -> rowtime(table, mode, errors)).orElse("");
        if (error != null) {
            conditions.add("`" + error + "` IS NULL");
        }
        if (errors.late()) {
            conditions.add("(CURRENT_WATERMARK(" + rowtime + ") IS NULL OR " + rowtime + " > CURRENT_WATERMARK("
                    + rowtime + "))");
        }
        String where = conditions.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", conditions);
        out.add("CREATE TEMPORARY VIEW " + quote(table.name()) + " AS\nSELECT\n"
                + select(table, mode, watermark, errors, reading) + "\nFROM " + from + where);
        if (deadLetters) {
            List<String> columns = new ArrayList<>(List.of("  `payload` STRING", "  `reason` STRING"));
            columns.addAll(ORIGIN_COLUMNS);
            columns.add("  `dt` STRING");
            out.addAll(createSideTable(binding.deadLetterTable().get(), columns));
            out.add("CREATE TEMPORARY VIEW `" + table.name() + DEAD_LETTER + "` AS\nSELECT\n  `"
                    + decoding.get().payloadColumn() + "` AS `payload`,\n  `" + error + "` AS `reason`,\n" + origin(errors) + ",\n"
                    + "  DATE_FORMAT(" + origin(errors, "timestamp", "TIMESTAMP_LTZ(3)") + ", 'yyyy-MM-dd') AS `dt`\n"
                    + "FROM " + from + "\nWHERE `" + error + "` IS NOT NULL");
        } else if (mode == Mode.BATCH && error != null) {
            out.addAll(batchDeadLetters(table, binding, from, partition, relation, bizdate));
        }
        if (errors.late()) {
            List<String> columns = new ArrayList<>();
            table.columns().forEach(c -> columns.add("  " + quote(c.name()) + " " + c.type()));
            columns.addAll(ORIGIN_COLUMNS);
            columns.addAll(List.of("  `watermark` TIMESTAMP_LTZ(3)", "  `dt` STRING"));
            out.addAll(createSideTable(binding.lateTable().get(), columns));
            List<String> lateWhere = new ArrayList<>();
            if (error != null) {
                lateWhere.add("`" + error + "` IS NULL");
            }
            lateWhere.add(rowtime + " <= CURRENT_WATERMARK(" + rowtime + ")");
            out.add("CREATE TEMPORARY VIEW `" + table.name() + LATE + "` AS\nSELECT\n"
                    + select(table, mode, Optional.empty(), errors, reading) + ",\n" + origin(errors) + ",\n"
                    + "  CAST(CURRENT_WATERMARK(" + rowtime + ") AS TIMESTAMP_LTZ(3)) AS `watermark`,\n"
                    + "  DATE_FORMAT(" + rowtime + ", 'yyyy-MM-dd') AS `dt`\nFROM " + from + "\nWHERE "
                    + String.join("\n  AND ", lateWhere));
        }
        if (mode == Mode.STREAM && archiveTarget(table).isPresent()) {
            out.add(archiveView(table, errors, reading, from, error));
        }
        return out;
    }

    /**
     * The rows a batch side cannot read, as the batch row in JSON with the reason and the business day. A primary key
     * of day, reason and row makes the table a record of what each day holds: a rerun of the day finds the same rows.
     */
    private static List<String> batchDeadLetters(MetaTable table, Binding binding, String from, List<String> partition,
            Relation relation, Optional<LocalDate> bizdate) {
        String[] p = binding.deadLetterTable().orElseThrow().split("\\.");
        List<String> ddl = new ArrayList<>(createIfMissing(p[0], p[1], path(binding.deadLetterTable().get()),
                List.of("  `payload` STRING NOT NULL", "  `reason` STRING NOT NULL", "  `dt` STRING NOT NULL",
                        "  PRIMARY KEY (`dt`, `reason`, `payload`) NOT ENFORCED"), Optional.of("dt")));
        String payload = binding.fields().keySet().stream().map(f -> "KEY " + literal(f) + " VALUE " + quote(f))
                .collect(Collectors.joining(", ", "JSON_OBJECT(", " NULL ON NULL)"));
        String day = bizdate.map(d -> literal(d.toString())).orElse(relation.partition()
                .map(part -> "CAST(" + quote(part.column()) + " AS STRING)").orElse("'all'"));
        List<String> where = new ArrayList<>(partition);
        where.add("`" + REASON + "` IS NOT NULL");
        ddl.add("CREATE TEMPORARY VIEW `" + table.name() + DEAD_LETTER + "` AS\nSELECT\n  " + payload
                + " AS `payload`,\n  `" + REASON + "` AS `reason`,\n  " + day + " AS `dt`\nFROM " + from + "\nWHERE "
                + String.join("\n  AND ", where));
        return ddl;
    }

    private static String select(MetaTable table, Mode mode, Optional<EventTime> watermark, Errors errors,
            Reading reading) {
        // The time attribute must reach the view untouched: a CAST would turn it into a plain value.
        return table.columns().stream()
                .map(c -> "  " + (watermark.filter(w -> w.column().equals(c.name())).isPresent()
                        ? rowtime(table, mode, errors) : reading.value(c)) + " AS " + quote(c.name()))
                .collect(Collectors.joining(",\n"));
    }

    private static String origin(Errors errors) {
        return "  " + origin(errors, "topic", "STRING") + " AS `topic`,\n  " + origin(errors, "partition", "INT")
                + " AS `partition`,\n  " + origin(errors, "offset", "BIGINT") + " AS `offset`,\n  "
                + origin(errors, "timestamp", "TIMESTAMP_LTZ(3)") + " AS `record_time`";
    }

    private static String origin(Errors errors, String key, String type) {
        return errors.origin().containsKey(key) ? "`rtw$" + key + "`" : "CAST(NULL AS " + type + ")";
    }

    private static String rowtime(MetaTable table, Mode mode, Errors errors) {
        Column col = table.column(table.eventTime().orElseThrow().column()).orElseThrow();
        return col.source(mode) instanceof ColumnSource.Field f && !errors.checked() ? quote(f.field())
                : "`" + ROWTIME + "`";
    }

    private static String path(String catalogDatabaseTable) {
        return java.util.Arrays.stream(catalogDatabaseTable.split("\\.")).map(p -> quote(p))
                .collect(Collectors.joining("."));
    }

    /** The connector table of a source, read with {@code connectorOptions} (a dead-letter decoding's, if any). */
    private static CompiledTables.Source sourceTable(MetaTable table, Mode mode, String name, Relation.ConnectorTable c,
            Optional<EventTime> watermark, Errors errors, Map<String, String> connectorOptions, Reading reading) {
        List<String> lines = new ArrayList<>();
        Map<String, String> fields = table.binding(mode).fields();
        fields.forEach((f, type) -> lines.add("  " + quote(f) + " " + type));
        Map<String, String> options = new LinkedHashMap<>(connectorOptions);
        errors.decoding().ifPresent(d -> {
            // The decoding's own column names (rtw$error, say), from a plug-in's code rather than YAML.
            lines.add("  `" + d.errorColumn() + "` STRING");
            lines.add("  `" + d.payloadColumn() + "` STRING");
            errors.origin().forEach((key, decl) -> lines.add("  `rtw$" + key + "` " + decl));
        });
        watermark.ifPresent(wm -> {
            Column col = table.column(wm.column()).orElseThrow();
            String rowtime = rowtime(table, mode, errors);
            if (rowtime.equals("`" + ROWTIME + "`")) {
                String value = reading.value(col);
                if (errors.checked()) {
                    // A row without an event time is a dead letter (its reason says so) and reaches no table or window;
                    // the watermark generator refuses a NULL, so it gets the smallest time, which never moves the
                    // watermark.
                    value = "COALESCE(" + value + ", CAST(TO_TIMESTAMP_LTZ(0, 3) AS " + col.type() + "))";
                }
                lines.add("  `" + ROWTIME + "` AS " + value);
            }
            // A batch source is complete: no record is late, and its windows fire at the end of the input.
            lines.add("  WATERMARK FOR " + rowtime + " AS " + (mode == Mode.STREAM ? rowtime + " - "
                    + interval(wm.watermarkDelay()) : "CAST(NULL AS " + col.type() + ")"));
            if (mode == Mode.STREAM && wm.emitOnEvent()) {
                options.put("scan.watermark.emit.strategy", "on-event");
            }
        });
        String partitioned = c.partition().map(p -> "\nPARTITIONED BY (" + quote(p.column()) + ")").orElse("");
        return new CompiledTables.Source(table.name(), "CREATE TEMPORARY TABLE `" + name + "` (\n"
                + String.join(",\n", lines) + "\n)" + partitioned, options);
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

    private static String interval(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 == 0) {
            return "INTERVAL '" + millis / 1000 + "' SECOND";
        }
        return "INTERVAL '" + String.format(java.util.Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000)
                + "' SECOND";
    }

    /** A WITH clause's options, one a line. */
    static String with(Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> "\n  " + literal(e.getKey()) + " = " + literal(e.getValue()))
                .collect(Collectors.joining(","));
    }
}
