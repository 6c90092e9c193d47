package io.rtw.kv.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;

import java.io.IOException;

/** Creates serving tables: the rtw-hbase sink writes into tables that exist, with their column family. */
public final class HBaseTables {

    private HBaseTables() {}

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
}
