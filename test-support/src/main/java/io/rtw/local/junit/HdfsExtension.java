package io.rtw.local.junit;

import io.rtw.local.LocalSettings;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real HDFS on 127.0.0.1 for the test class that registers it: one NameNode and one DataNode (Hadoop's
 * {@code MiniDFSCluster}) in the test JVM, its storage under {@code target/}, shut down and deleted after the class.
 * Register it on a static field: {@code @RegisterExtension static final HdfsExtension HDFS = new HdfsExtension();}
 *
 * <p>Unlike Kafka and HBase it is not shared across test classes: one test uses it. It needs
 * {@code org.apache.hadoop:hadoop-minicluster} on the test classpath, which test-support leaves to the module that
 * uses it (an optional dependency here), so no other module's tests carry Hadoop's server side.
 */
public final class HdfsExtension implements BeforeAllCallback, AfterAllCallback {

    private MiniDFSCluster cluster;

    /** Formats and starts the NameNode and DataNode, and waits until the DataNode has registered. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path base = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "hdfs-");
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
        // Every listener on loopback: RPC, data transfer, IPC and the web endpoints of both nodes.
        String any = LocalSettings.HOST + ":0";
        for (String key : new String[] {"dfs.namenode.rpc-address", "dfs.namenode.http-address",
                "dfs.namenode.https-address", "dfs.datanode.address", "dfs.datanode.http.address",
                "dfs.datanode.https.address", "dfs.datanode.ipc.address"}) {
            conf.set(key, any);
        }
        conf.set("dfs.namenode.rpc-bind-host", LocalSettings.HOST);
        conf.set("dfs.namenode.http-bind-host", LocalSettings.HOST);
        // One DataNode holds one replica of each block; writers are whoever runs the test.
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", false);
        cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).checkDataNodeAddrConfig(true)
                .format(true).build();
        cluster.waitActive();
    }

    /** Shuts both nodes down and deletes their storage. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.shutdown(true);
            cluster = null;
        }
    }

    /** The file system's URI, {@code hdfs://127.0.0.1:PORT}, to put before an absolute path. */
    public String uri() {
        URI uri = running().getURI();
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** A client of this HDFS, to look at what a test wrote (the caller closes it). */
    public FileSystem fileSystem() {
        try {
            return FileSystem.newInstance(running().getURI(), running().getConfiguration(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + uri(), e);
        }
    }

    private MiniDFSCluster running() {
        if (cluster == null) {
            throw new IllegalStateException("HDFS runs only while the test class that registers HdfsExtension runs");
        }
        return cluster;
    }
}
