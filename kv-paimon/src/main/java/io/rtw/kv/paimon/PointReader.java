package io.rtw.kv.paimon;

import org.apache.paimon.data.BinaryRow;
import org.apache.paimon.data.GenericRow;
import org.apache.paimon.data.InternalRow;
import org.apache.paimon.io.DataFileMeta;
import org.apache.paimon.predicate.Predicate;
import org.apache.paimon.predicate.PredicateBuilder;
import org.apache.paimon.reader.RecordReader;
import org.apache.paimon.table.Table;
import org.apache.paimon.table.source.DataSplit;
import org.apache.paimon.table.source.ReadBuilder;
import org.apache.paimon.table.source.Split;
import org.apache.paimon.table.source.TableRead;
import org.apache.paimon.types.DataType;
import org.apache.paimon.types.RowType;
import org.apache.paimon.utils.InternalRowUtils;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the row of one whole primary key from a Paimon primary-key table, at the table's latest snapshot.
 *
 * <p>The filter is an equality on every key column: Paimon then keeps only the partition of the partition columns'
 * values, computes the key's bucket from the bucket-key values (bucket pruning of fixed-bucket tables, see
 * {@code KeyValueFileStore.newScan}) and skips files whose key range misses the key; it merges the key's records of
 * the remaining files on read (the table's merge engine, e.g. aggregation) and {@code executeFilter} drops the other
 * keys of those files. With an as-of column {@code dt}, a miss on {@code dt = X} is followed by one scan of
 * {@code dt < X} for the same other values, read partition by partition, newest first, up to the first hit.
 */
final class PointReader {

    private final Table table;
    private final RowType readType;
    private final int produced;
    private final int[] keyFields;
    private final int asOfKey;
    private final int asOfPartition;
    private final DataType asOfType;
    private final PredicateBuilder predicates;
    private final InternalRow.FieldGetter[] getters;
    private final ReadMetrics metrics;

    /**
     * @param fields the columns a lookup returns, in order
     * @param asOf the as-of column, a partition column of the key
     */
    PointReader(Table table, List<String> fields, Optional<String> asOf, ReadMetrics metrics) {
        this.table = table;
        this.metrics = metrics;
        RowType row = table.rowType();
        // The key columns are read too: executeFilter tests the key on the rows it reads.
        LinkedHashSet<String> read = new LinkedHashSet<>(fields);
        read.addAll(table.primaryKeys());
        this.readType = row.project(new ArrayList<>(read));
        this.produced = fields.size();
        List<String> key = table.primaryKeys();
        this.keyFields = key.stream().mapToInt(row::getFieldIndex).toArray();
        this.asOfKey = asOf.map(key::indexOf).orElse(-1);
        this.asOfPartition = asOf.map(table.partitionKeys()::indexOf).orElse(-1);
        this.asOfType = asOf.map(c -> row.getField(c).type()).orElse(null);
        this.predicates = new PredicateBuilder(row);
        this.getters = new InternalRow.FieldGetter[produced];
        for (int i = 0; i < produced; i++) {
            getters[i] = InternalRow.createFieldGetter(readType.getTypeAt(i), i);
        }
    }

    /**
     * The row with {@code key} (Paimon values in primary-key order), or empty; with an as-of column, the row with the
     * other key values and the largest as-of value not above the given one.
     */
    Optional<GenericRow> read(Object[] key) throws IOException {
        metrics.lookups().inc();
        List<Predicate> equal = new ArrayList<>();
        for (int i = 0; i < keyFields.length; i++) {
            equal.add(predicates.equal(keyFields[i], key[i]));
        }
        Optional<GenericRow> row = newestFirst(PredicateBuilder.and(equal));
        if (row.isPresent() || asOfKey < 0) {
            return row;
        }
        equal.set(asOfKey, predicates.lessThan(keyFields[asOfKey], key[asOfKey]));
        return newestFirst(PredicateBuilder.and(equal));
    }

    /** The first row found reading the filter's partitions newest first (by the as-of column). */
    private Optional<GenericRow> newestFirst(Predicate filter) throws IOException {
        ReadBuilder builder = table.newReadBuilder().withFilter(filter).withReadType(readType);
        List<Split> splits = builder.newScan().plan().splits();
        if (splits.isEmpty()) {
            return Optional.empty();
        }
        TableRead read = builder.newRead().executeFilter();
        for (List<DataSplit> partition : byPartitionNewestFirst(splits).values()) {
            metrics.partitionsRead().inc();
            GenericRow found = null;
            for (DataSplit split : partition) {
                metrics.splitsRead().inc();
                for (DataFileMeta file : split.dataFiles()) {
                    metrics.filesRead().inc();
                    metrics.bytesRead().inc(file.fileSize());
                }
                try (RecordReader<InternalRow> reader = read.createReader(split)) {
                    RecordReader.RecordIterator<InternalRow> batch;
                    while ((batch = reader.readBatch()) != null) {
                        InternalRow r;
                        while ((r = batch.next()) != null) {
                            metrics.rowsRead().inc();
                            found = copy(r);
                        }
                        batch.releaseBatch();
                    }
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private Map<Object, List<DataSplit>> byPartitionNewestFirst(List<Split> splits) {
        Comparator<Object> newestFirst = asOfPartition < 0 ? (a, b) -> 0
                : (a, b) -> InternalRowUtils.compare(b, a, asOfType.getTypeRoot());
        Map<Object, List<DataSplit>> groups = new TreeMap<>(newestFirst);
        for (Split s : splits) {
            DataSplit split = (DataSplit) s;
            BinaryRow partition = split.partition();
            Object day = asOfPartition < 0 ? "" : InternalRowUtils.get(partition, asOfPartition, asOfType);
            groups.computeIfAbsent(day, d -> new ArrayList<>()).add(split);
        }
        return groups;
    }

    /** The returned columns of a row the reader may reuse, copied. */
    private GenericRow copy(InternalRow row) {
        GenericRow out = new GenericRow(produced);
        for (int i = 0; i < produced; i++) {
            out.setField(i, InternalRowUtils.copy(getters[i].getFieldOrNull(row), readType.getTypeAt(i)));
        }
        return out;
    }
}
