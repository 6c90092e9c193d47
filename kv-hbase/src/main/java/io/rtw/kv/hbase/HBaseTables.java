package io.rtw.kv.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.DoNotRetryIOException;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.NamespaceNotFoundException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.ipc.RemoteException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Serving tables from outside a job (the CLI, the demo): creates them, since the rtw-hbase sink writes into tables
 * that exist with their column family, and reads single rows. Calls for a {@link KvTarget} make one attempt per
 * operation, each bounded by a timeout, and fail with a {@link KvException} in one line, secrets masked.
 */
public final class HBaseTables {

    private HBaseTables() {}

    /** One cell of a row, as stored. */
    public record Cell(String family, String qualifier, byte[] value, long timestamp) {}

    /**
     * Creates {@code table} with column family {@code family} unless it exists.
     *
     * @param zookeeper HBase's ZooKeeper quorum, host:port[,host:port...]
     * @return whether the table was created
     */
    public static boolean ensure(String zookeeper, String table, String family) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        int colon = zookeeper.lastIndexOf(':');
        conf.set("hbase.zookeeper.quorum", colon > 0 && !zookeeper.contains(",") ? zookeeper.substring(0, colon) : zookeeper);
        if (colon > 0 && !zookeeper.contains(",")) {
            conf.set("hbase.zookeeper.property.clientPort", zookeeper.substring(colon + 1));
        }
        conf.setInt("hbase.client.retries.number", 5);
        return ensure(conf, TableName.valueOf(table), family);
    }

    /**
     * Creates the table of {@code target} with column family {@code family} unless it exists.
     *
     * @return whether the table was created
     * @throws KvException when the name is not one HBase takes, HBase refuses (a missing namespace) or does not answer
     */
    public static boolean create(KvTarget target, String family, Duration timeout) {
        TableName name = tableName(target);
        try {
            return ensure(configuration(target, timeout), name, family);
        } catch (IOException e) {
            throw failure(target, "create table " + target.name(), timeout, e);
        }
    }

    /**
     * The cells of row {@code rowKey} of the table of {@code target}, of column family {@code family} or of every
     * family; empty when there is no such row.
     *
     * @throws KvException when there is no such table, HBase refuses or does not answer
     */
    public static List<Cell> get(KvTarget target, byte[] rowKey, Optional<String> family, Duration timeout) {
        TableName name = tableName(target);
        try (Connection c = ConnectionFactory.createConnection(configuration(target, timeout));
                Admin admin = c.getAdmin()) {
            if (!admin.tableExists(name)) {
                throw new KvException(target.mask("no table " + target.describe() + " in HBase at "
                        + target.shownQuorum()), false);
            }
            Get get = new Get(rowKey);
            family.ifPresent(f -> get.addFamily(Bytes.toBytes(f)));
            Result result;
            try (Table t = c.getTable(name)) {
                result = t.get(get);
            }
            List<Cell> cells = new ArrayList<>();
            for (org.apache.hadoop.hbase.Cell cell : result.isEmpty() ? List.<org.apache.hadoop.hbase.Cell>of()
                    : result.listCells()) {
                cells.add(new Cell(Bytes.toString(CellUtil.cloneFamily(cell)),
                        Bytes.toString(CellUtil.cloneQualifier(cell)), CellUtil.cloneValue(cell), cell.getTimestamp()));
            }
            return cells;
        } catch (NamespaceNotFoundException e) {
            throw new KvException(target.mask("no namespace for table " + target.table() + " in HBase at "
                    + target.shownQuorum()), false);
        } catch (IOException e) {
            throw failure(target, "read table " + target.name(), timeout, e);
        }
    }

    /** Creates table {@code name} with column family {@code family} unless it exists, with this client setup. */
    static boolean ensure(Configuration conf, TableName name, String family) throws IOException {
        try (Connection c = ConnectionFactory.createConnection(conf); Admin admin = c.getAdmin()) {
            if (admin.tableExists(name)) {
                return false;
            }
            admin.createTable(TableDescriptorBuilder.newBuilder(name)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family)).build())
                    .build());
            return true;
        }
    }

    private static TableName tableName(KvTarget target) {
        try {
            return TableName.valueOf(target.table());
        } catch (IllegalArgumentException e) {
            throw new KvException(target.mask("'" + target.table() + "' is not a valid HBase table name: "
                    + e.getMessage()), false);
        }
    }

    /** The client configuration for a one-off call: one attempt per operation, each bounded by {@code timeout}. */
    private static Configuration configuration(KvTarget target, Duration timeout) {
        return new ConnectionConfig(target.table(), target.quorum(), target.znodeParent(), timeout,
                target.properties()).oneAttempt();
    }

    /** What kept HBase from doing it: a refusal (it answered and said no), else no answer in time. */
    private static KvException failure(KvTarget target, String doing, Duration timeout, IOException e) {
        if (refused(e)) {
            // A remote exception's text starts with the server's class name: shown once, without its package.
            return new KvException(target.mask("cannot " + doing + " in HBase at " + target.shownQuorum()
                    + ": HBase refused it: " + ConnectionConfig.why(e)
                            .replaceFirst("^RemoteWithExtrasException: ([\\w$]+\\.)*", "")), false);
        }
        return new KvException(target.mask("cannot " + doing + " in HBase at " + target.shownQuorum() + " within "
                + timeout.toSeconds() + " s: " + ConnectionConfig.why(e)), true);
    }

    /** Whether HBase answered and said no (a missing namespace, say), rather than not answering. */
    private static boolean refused(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RemoteException || c instanceof DoNotRetryIOException) {
                return true;
            }
        }
        return false;
    }
}
