package io.rtw.batch;

import io.rtw.meta.MetaTable;
import io.rtw.meta.Secrets;
import io.rtw.meta.job.CompiledJob;
import io.rtw.meta.job.JobStatement;
import io.rtw.meta.job.UsedBinding;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.WarehouseSession;

import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for one day's batch run, over the sources the compiled job reads: the records its batch meta-tables hold for
 * the day, and the rows each Paimon table the job inserts into received, from the table's snapshots (commits after a
 * mark).
 */
final class DayCounts {

    private final WarehouseSession session;
    private final List<String> sources = new ArrayList<>();
    /** Paimon targets: display name to catalog, database, table. */
    private final Map<String, String[]> targets = new LinkedHashMap<>();

    DayCounts(CompiledJob job, RunOptions options, Secrets secrets) {
        this.session = WarehouseSession.forQueries(job.tables(), options, secrets,
                job.file().path().getFileName().toString());
        for (MetaTable t : job.project().tables()) {
            if (!t.isServing() && t.batch().isPresent() && job.file().text().statements().stream()
                    .anyMatch(s -> UsedBinding.names(s, t.name()))) {
                sources.add(t.name());
            }
        }
        for (JobStatement.Insert insert : job.fileInserts()) {
            String[] parts = insert.target().split("\\.");
            if (parts.length == 3 && "paimon".equals(job.project().catalogs().getOrDefault(parts[0], Map.of())
                    .get("type"))) {
                targets.putIfAbsent(parts[1] + "." + parts[2], parts);
            }
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
        return session.env().getCatalog(p[0]).map(c -> c.tableExists(new ObjectPath(p[1], p[2]))).orElse(false);
    }

    private static String snapshotTable(String[] p) {
        return "`" + p[0] + "`.`" + p[1] + "`.`" + p[2] + "$snapshots`";
    }

    private long single(String sql) {
        List<Row> rows = session.rows(sql);
        Object v = rows.get(0).getField(0);
        return ((Number) v).longValue();
    }
}
