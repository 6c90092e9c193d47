package io.rtw.batch;

import io.rtw.meta.MetaTable;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.meta.sql.Statements;
import io.rtw.stream.JobRunner;

import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts for one day's batch run: the records the job's batch meta-tables hold for the day, and the rows
 * each Paimon table the job inserts into received, from the table's snapshots (commits after a mark).
 */
final class DayCounts {

    private final JobRunner runner;
    private final TableEnvironment env;
    private final List<String> sources = new ArrayList<>();
    /** Paimon targets: display name to catalog, database, table. */
    private final Map<String, String[]> targets = new LinkedHashMap<>();

    DayCounts(JobRunner runner, JobRunner.Spec spec) {
        this.runner = runner;
        this.env = runner.environment(spec);
        String sql = String.join(";\n", SqlTemplate.render(spec.file(), new SqlTemplate.Context(spec.mode(),
                spec.bizdate(), spec.project().variables(), spec.project().tables())).statements());
        for (MetaTable t : spec.project().tables()) {
            if (!t.isServing() && t.batch().isPresent()
                    && Pattern.compile("(?i)(?<![\\w.`])`?" + Pattern.quote(t.name()) + "`?(?![\\w.`])").matcher(
                            Statements.withoutComments(sql)).find()) {
                sources.add(t.name());
            }
        }
        for (String statement : Statements.split(sql)) {
            Statements.insertTarget(statement).ifPresent(target -> {
                String[] parts = target.split("\\.");
                if (parts.length == 3 && "paimon".equals(spec.project().catalogs().getOrDefault(parts[0], Map.of())
                        .get("type"))) {
                    targets.putIfAbsent(parts[1] + "." + parts[2], parts);
                }
            });
        }
    }

    /** The newest snapshot id of each Paimon target (0 when the table does not exist yet). */
    Map<String, Long> snapshots() {
        Map<String, Long> ids = new LinkedHashMap<>();
        targets.forEach((name, p) -> ids.put(name, exists(p) ? single("SELECT COALESCE(MAX(snapshot_id), 0) FROM "
                + snapshotTable(p)) : 0L));
        return ids;
    }

    /** Rows written to each Paimon target by the commits after {@code marks} (compactions left out). */
    Map<String, Long> rowsWrittenSince(Map<String, Long> marks) {
        Map<String, Long> rows = new LinkedHashMap<>();
        targets.forEach((name, p) -> rows.put(name, exists(p) ? single("SELECT COALESCE(SUM(delta_record_count), 0) "
                + "FROM " + snapshotTable(p) + " WHERE snapshot_id > " + marks.getOrDefault(name, 0L)
                + " AND commit_kind <> 'COMPACT'") : 0L));
        return rows;
    }

    /** Records the job's batch sources hold for the day (the meta-tables read their day's partition). */
    long recordsRead() {
        long total = 0;
        for (String source : sources) {
            total += single("SELECT COUNT(*) FROM `" + source + "`");
        }
        return total;
    }

    private boolean exists(String[] p) {
        return env.getCatalog(p[0]).map(c -> c.tableExists(new ObjectPath(p[1], p[2]))).orElse(false);
    }

    private static String snapshotTable(String[] p) {
        return "`" + p[0] + "`.`" + p[1] + "`.`" + p[2] + "$snapshots`";
    }

    private long single(String sql) {
        List<Row> rows = runner.rows(env, sql);
        Object v = rows.get(0).getField(0);
        return ((Number) v).longValue();
    }
}
