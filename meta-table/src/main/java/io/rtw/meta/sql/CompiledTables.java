package io.rtw.meta.sql;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's meta-tables compiled for one mode and day: what every session of the warehouse runs first (its
 * catalogs, then the tables and views that make each meta-table queryable by its own name) and the inserts a job runs
 * beside its own (dead letters, late records, the archive). Secrets appear as their {@code ${env:NAME}} references.
 *
 * @param project the warehouse
 * @param mode stream or batch
 * @param bizdate when present, batch sources partitioned by day read only this day
 * @param bounded sources are bounded streams for Flink's streaming runtime (a replay, a batch day on it)
 * @param catalogs the {@code CREATE CATALOG} statements, in order
 * @param tables the statements after them: databases, tables and views, in order
 * @param sources the connector tables of the meta-tables' sources, among {@code tables}
 * @param sideInserts the inserts a job of this mode runs beside its own
 */
public record CompiledTables(Project project, Mode mode, Optional<LocalDate> bizdate, boolean bounded,
        List<String> catalogs, List<String> tables, List<Source> sources, List<String> sideInserts) {

    /** Copies the statements. */
    public CompiledTables {
        catalogs = List.copyOf(catalogs);
        tables = List.copyOf(tables);
        sources = List.copyOf(sources);
        sideInserts = List.copyOf(sideInserts);
    }

    /**
     * The connector table a meta-table's source is read with, one of {@link #tables}.
     *
     * @param table the meta-table's name
     * @param head the statement up to its WITH clause
     * @param options its connector options
     */
    public record Source(String table, String head, Map<String, String> options) {

        /** Copies the options, keeping their order. */
        public Source {
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        /** The statement. */
        public String sql() {
            return head + " WITH (" + MetaTableCompiler.with(options) + "\n)";
        }
    }

    /**
     * These tables with connector options of some sources set, winning over theirs: the exact extent a bounded replay
     * reads, fixed when the run starts. The tables are not compiled again.
     *
     * @param sourceOptions meta-table name to connector options of its source
     */
    public CompiledTables withSourceOptions(Map<String, Map<String, String>> sourceOptions) {
        List<String> all = new ArrayList<>(tables);
        List<Source> fixed = new ArrayList<>();
        for (Source source : sources) {
            Map<String, String> options = new LinkedHashMap<>(source.options());
            options.putAll(sourceOptions.getOrDefault(source.table(), Map.of()));
            Source with = new Source(source.table(), source.head(), options);
            all.set(all.indexOf(source.sql()), with.sql());
            fixed.add(with);
        }
        return new CompiledTables(project, mode, bizdate, bounded, catalogs, all, fixed, sideInserts);
    }

    /** The catalogs, then the tables and views: as {@code rtw meta ddl} prints them. */
    public Script ddl() {
        List<String> all = new ArrayList<>(catalogs);
        all.addAll(tables);
        return new Script(all);
    }
}
