package io.rtw.kv.hbase;

import io.rtw.local.junit.HBaseExtension;

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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Direct HBase access for tests: create tables, read every cell back. */
final class TestHBase {

    private TestHBase() {}

    static Connection connect(HBaseExtension hbase) {
        Configuration conf = HBaseConfiguration.create();
        hbase.clientProperties().forEach(conf::set);
        conf.setInt("hbase.client.retries.number", 10);
        try {
            return ConnectionFactory.createConnection(conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or empties) table {@code name} with family f keeping {@code versions} versions. */
    static void createTable(HBaseExtension hbase, String name, int versions) {
        TableName t = TableName.valueOf(name);
        try (Connection c = connect(hbase); Admin admin = c.getAdmin()) {
            if (admin.tableExists(t)) {
                admin.disableTable(t);
                admin.deleteTable(t);
            }
            admin.createTable(TableDescriptorBuilder.newBuilder(t)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes("f"))
                            .setMaxVersions(versions).build())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every row of the table as row key -> qualifier -> latest value; values in {@code binary} qualifiers as
     * hex, others as UTF-8 text.
     */
    static Map<String, Map<String, String>> rows(HBaseExtension hbase, String table, Set<String> binary) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (Result r : scan(hbase, table, 1)) {
            Map<String, String> cols = new TreeMap<>();
            for (Cell c : r.listCells()) {
                String q = Bytes.toString(CellUtil.cloneQualifier(c));
                byte[] v = CellUtil.cloneValue(c);
                cols.put(q, binary.contains(q) ? HexFormat.of().formatHex(v) : Bytes.toString(v));
            }
            out.put(Bytes.toString(r.getRow()), cols);
        }
        return out;
    }

    /** Every cell of the table, all versions up to {@code versions}. */
    static List<Result> scan(HBaseExtension hbase, String table, int versions) {
        List<Result> out = new ArrayList<>();
        try (Connection c = connect(hbase); Table t = c.getTable(TableName.valueOf(table));
                ResultScanner s = t.getScanner(new Scan().readVersions(versions))) {
            for (Result r : s) {
                out.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The {@code rtw-hbase} WITH options for {@code table} on the test HBase, plus {@code extra} ones. */
    static String with(HBaseExtension hbase, String table, String... extra) {
        StringBuilder w = new StringBuilder("'connector' = 'rtw-hbase', 'table-name' = '" + table
                + "', 'zookeeper.quorum' = '" + hbase.zookeeperAddress() + "'");
        for (int i = 0; i < extra.length; i += 2) {
            w.append(", '").append(extra[i]).append("' = '").append(extra[i + 1]).append('\'');
        }
        return w.toString();
    }
}
