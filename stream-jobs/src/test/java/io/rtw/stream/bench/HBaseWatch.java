package io.rtw.stream.bench;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The benchmarks' HBase client: creates the project's serving tables, scans them for the largest cell, polls rows. */
final class HBaseWatch implements AutoCloseable {

    private final Connection connection;

    HBaseWatch(String quorum) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", quorum);
        conf.setInt("hbase.client.retries.number", 5);
        conf.setInt("hbase.rpc.timeout", 20_000);
        conf.setInt("hbase.client.operation.timeout", 60_000);
        conf.setInt("hbase.client.scanner.timeout.period", 120_000);
        this.connection = ConnectionFactory.createConnection(conf);
    }

    /** Drops {@code table} if it exists and creates it empty with {@code family} (one version, HBase's default). */
    void recreate(String table, String family) throws IOException {
        TableName name = TableName.valueOf(table);
        try (Admin admin = connection.getAdmin()) {
            if (admin.tableExists(name)) {
                if (admin.isTableEnabled(name)) {
                    admin.disableTable(name);
                }
                admin.deleteTable(name);
            }
            admin.createTable(TableDescriptorBuilder.newBuilder(name)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of(Bytes.toBytes(family))).build());
        }
    }

    /** The largest cell of a whole-table scan (newest versions), and the table's totals. */
    String largestCell(String table) throws IOException {
        long rows = 0;
        long cells = 0;
        long valueBytes = 0;
        long largest = 0;
        String where = "-";
        Scan scan = new Scan().setCaching(16).setMaxResultSize(256L << 20);
        try (Table t = connection.getTable(TableName.valueOf(table)); ResultScanner rs = t.getScanner(scan)) {
            for (Result r : rs) {
                rows++;
                for (Cell c : r.rawCells()) {
                    cells++;
                    valueBytes += c.getValueLength();
                    if (c.getValueLength() > largest) {
                        largest = c.getValueLength();
                        where = Bytes.toStringBinary(CellUtil.cloneRow(c)) + "/"
                                + Bytes.toString(CellUtil.cloneQualifier(c));
                    }
                }
            }
        }
        return String.format(Locale.ROOT, "hbase_scan_rows=%d hbase_scan_cells=%d hbase_scan_value_bytes=%d "
                + "hbase_scan_largest_cell_bytes=%d hbase_scan_largest_cell=%s", rows, cells, valueBytes, largest,
                where.replace(' ', '_'));
    }

    /** Every row's {@code family:qualifier} value as text, by one scan of that column alone. */
    Map<String, String> column(String table, String family, String qualifier) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        byte[] f = Bytes.toBytes(family);
        byte[] q = Bytes.toBytes(qualifier);
        Scan scan = new Scan().addColumn(f, q).setCaching(5000);
        try (Table t = connection.getTable(TableName.valueOf(table)); ResultScanner rs = t.getScanner(scan)) {
            for (Result r : rs) {
                byte[] v = r.getValue(f, q);
                if (v != null) {
                    out.put(Bytes.toString(r.getRow()), new String(v, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
