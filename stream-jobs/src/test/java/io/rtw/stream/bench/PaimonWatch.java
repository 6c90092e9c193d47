package io.rtw.stream.bench;

import org.apache.paimon.Snapshot;
import org.apache.paimon.catalog.Catalog;
import org.apache.paimon.catalog.CatalogContext;
import org.apache.paimon.catalog.CatalogFactory;
import org.apache.paimon.catalog.Identifier;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.manifest.FileKind;
import org.apache.paimon.manifest.ManifestEntry;
import org.apache.paimon.manifest.ManifestFile;
import org.apache.paimon.manifest.ManifestFileMeta;
import org.apache.paimon.manifest.ManifestList;
import org.apache.paimon.options.Options;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.FileStoreTable;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.types.DataField;
import org.apache.paimon.types.DataTypeRoot;
import org.apache.paimon.utils.SnapshotManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What a run wrote into a Paimon warehouse, read with Paimon's Java API while the run goes on and after it: every
 * table of every database (the job's tables are found, not listed), and for each the snapshots it committed, walked
 * in order as they appear (polled, so snapshots expired later are still counted; any expired before they were seen
 * are reported as missed). Bytes written = the sizes of the data files each snapshot's delta manifests ADD (new data
 * and compaction rewrites alike; files a compaction deletes are not subtracted) plus its changelog files.
 */
final class PaimonWatch implements AutoCloseable {

    /** One table's totals. */
    static final class Totals {
        long lastSnapshot;
        long snapshots;
        long appendSnapshots;
        long compactSnapshots;
        long missedSnapshots;
        long addedFiles;
        long addedBytes;
        long addedRows;
        long compactBytes;
        long changelogBytes;
    }

    private final Catalog catalog;
    private final Map<String, Totals> totals = new TreeMap<>();

    PaimonWatch(String warehouse) {
        Map<String, String> o = Map.of("warehouse", warehouse, "cache-enabled", "false");
        this.catalog = CatalogFactory.createCatalog(CatalogContext.create(Options.fromMap(o)));
    }

    /** Every table of the warehouse as {@code database.table}; none before the job creates them. */
    List<String> tables() {
        List<String> out = new ArrayList<>();
        try {
            for (String db : catalog.listDatabases()) {
                for (String t : catalog.listTables(db)) {
                    out.add(db + "." + t);
                }
            }
        } catch (Catalog.DatabaseNotExistException e) {
            // dropped while listed: not the benchmark's case
        }
        return out;
    }

    FileStoreTable table(String name) {
        try {
            Table t = catalog.getTable(Identifier.fromString(name));
            return (FileStoreTable) t;
        } catch (Catalog.TableNotExistException e) {
            throw new IllegalStateException("Paimon table " + name + " vanished", e);
        }
    }

    /** Walks the snapshots committed since the last call, of every table; call it every few seconds. */
    synchronized void poll() {
        for (String name : tables()) {
            FileStoreTable t = table(name);
            Totals tt = totals.computeIfAbsent(name, k -> new Totals());
            forNewSnapshots(t, tt, s -> {
                tt.snapshots++;
                boolean compact = s.commitKind() == Snapshot.CommitKind.COMPACT;
                if (compact) {
                    tt.compactSnapshots++;
                } else {
                    tt.appendSnapshots++;
                }
                ManifestList lists = t.store().manifestListFactory().create();
                ManifestFile files = t.store().manifestFileFactory().create();
                for (ManifestFileMeta m : lists.readDeltaManifests(s)) {
                    for (ManifestEntry e : files.read(m.fileName(), m.fileSize())) {
                        if (e.kind() == FileKind.ADD) {
                            tt.addedFiles++;
                            tt.addedBytes += e.file().fileSize();
                            tt.addedRows += e.file().rowCount();
                            if (compact) {
                                tt.compactBytes += e.file().fileSize();
                            }
                        }
                    }
                }
                if (s.changelogManifestList() != null) {
                    for (ManifestFileMeta m : lists.readChangelogManifests(s)) {
                        for (ManifestEntry e : files.read(m.fileName(), m.fileSize())) {
                            tt.changelogBytes += e.kind() == FileKind.ADD ? e.file().fileSize() : 0;
                        }
                    }
                }
            });
        }
    }

    /**
     * Calls {@code each} with every snapshot of {@code t} after {@code tt.lastSnapshot} in order, counting those that
     * expired before they could be read.
     */
    static void forNewSnapshots(FileStoreTable t, Totals tt, Consumer<Snapshot> each) {
        SnapshotManager sm = t.snapshotManager();
        Long latest = sm.latestSnapshotId();
        if (latest == null) {
            return;
        }
        Long earliest = sm.earliestSnapshotId();
        for (long id = tt.lastSnapshot + 1; id <= latest; id++) {
            if ((earliest != null && id < earliest) || !sm.snapshotExists(id)) {
                tt.missedSnapshots++;
            } else {
                each.accept(sm.snapshot(id));
            }
            tt.lastSnapshot = id;
        }
    }

    /** The size of the live data files of the table's latest snapshot (what a full read reads). */
    long finalDataBytes(FileStoreTable t) {
        if (t.snapshotManager().latestSnapshotId() == null) {
            return 0;
        }
        long bytes = 0;
        for (ManifestEntry e : t.store().newScan().plan().files()) {
            bytes += e.file().fileSize();
        }
        return bytes;
    }

    /**
     * The records in the live files of the table's latest snapshot (every row once, for a table of unique keys); -1
     * when the table does not exist (the job failed before creating it).
     */
    long rows(String name) {
        if (!tables().contains(name)) {
            return -1;
        }
        Snapshot s = table(name).snapshotManager().latestSnapshot();
        return s == null || s.totalRecordCount() == null ? 0 : s.totalRecordCount();
    }

    /** Everything under the table's directory now: live and not yet expired files, manifests, snapshots, schema. */
    static long directoryBytes(FileStoreTable t) {
        Path dir = Path.of(t.location().toUri());
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The largest BYTES value and the largest row (sum of its BYTES and STRING values) of a table, by a full read. */
    record Largest(long bytesValue, String column, long rowBytes, long rows) {}

    static Largest largest(FileStoreTable t) throws IOException {
        List<DataField> fields = t.rowType().getFields();
        List<Integer> variable = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            DataTypeRoot r = fields.get(i).type().getTypeRoot();
            if (r == DataTypeRoot.VARBINARY || r == DataTypeRoot.BINARY || r == DataTypeRoot.VARCHAR
                    || r == DataTypeRoot.CHAR) {
                variable.add(i);
            }
        }
        boolean hasBytes = variable.stream().anyMatch(i -> isBinary(fields.get(i)));
        if (!hasBytes || t.snapshotManager().latestSnapshotId() == null) {
            return new Largest(0, "", 0, -1);
        }
        int[] projection = variable.stream().mapToInt(Integer::intValue).toArray();
        ReadBuilder rb = t.newReadBuilder().withProjection(projection);
        long[] best = new long[3];
        String[] column = {""};
        try (RecordReader<InternalRow> reader = rb.newRead().createReader(rb.newScan().plan())) {
            reader.forEachRemaining(row -> {
                long sum = 0;
                for (int j = 0; j < projection.length; j++) {
                    if (row.isNullAt(j)) {
                        continue;
                    }
                    DataField f = fields.get(projection[j]);
                    long len = isBinary(f) ? row.getBinary(j).length : row.getString(j).toBytes().length;
                    sum += len;
                    if (isBinary(f) && len > best[0]) {
                        best[0] = len;
                        column[0] = f.name();
                    }
                }
                best[1] = Math.max(best[1], sum);
                best[2]++;
            });
        }
        return new Largest(best[0], column[0], best[1], best[2]);
    }

    private static boolean isBinary(DataField f) {
        return f.type().getTypeRoot() == DataTypeRoot.VARBINARY || f.type().getTypeRoot() == DataTypeRoot.BINARY;
    }

    /**
     * One line per table after the run: {@code PAIMON table=... snapshots=... added_bytes=... final_data_bytes=...
     * dir_bytes=... largest_bytes_value=... largest_row_bytes=...}, and the sum over the tables not in {@code side}.
     */
    synchronized List<String> report(String label, List<String> side) throws IOException {
        poll();
        List<String> out = new ArrayList<>();
        long[] results = new long[3];
        for (Map.Entry<String, Totals> e : totals.entrySet()) {
            FileStoreTable t = table(e.getKey());
            Totals tt = e.getValue();
            long fin = finalDataBytes(t);
            Largest big = largest(t);
            boolean isSide = side.contains("paimon." + e.getKey());
            if (!isSide) {
                results[0] += tt.addedBytes + tt.changelogBytes;
                results[1] += fin;
                results[2] = Math.max(results[2], big.bytesValue());
            }
            out.add(String.format(Locale.ROOT, "PAIMON label=%s table=%s role=%s snapshots=%d append=%d compact=%d "
                            + "missed=%d added_files=%d added_rows=%d added_bytes=%d compact_bytes=%d "
                            + "changelog_bytes=%d final_data_bytes=%d dir_bytes=%d rows_read=%s largest_bytes_value=%d "
                            + "largest_bytes_column=%s largest_row_bytes=%d",
                    label, e.getKey(), isSide ? "side" : "result", tt.snapshots, tt.appendSnapshots,
                    tt.compactSnapshots, tt.missedSnapshots, tt.addedFiles, tt.addedRows, tt.addedBytes,
                    tt.compactBytes, tt.changelogBytes, fin, directoryBytes(t), big.rows() < 0 ? "-" : String.valueOf(big.rows()), big.bytesValue(),
                    big.column().isEmpty() ? "-" : big.column(), big.rowBytes()));
        }
        out.add(0, String.format(Locale.ROOT, "paimon_result_tables_added_bytes=%d paimon_result_tables_final_bytes=%d "
                + "paimon_largest_bytes_value=%d", results[0], results[1], results[2]));
        return out;
    }

    @Override
    public void close() throws Exception {
        catalog.close();
    }
}
