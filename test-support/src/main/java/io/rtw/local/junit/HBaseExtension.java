package io.rtw.local.junit;

import io.rtw.local.LocalSettings;
import io.rtw.local.Server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * A real HBase (standalone: master, region server and ZooKeeper in one process) on free loopback ports,
 * shared by every test class of the JVM, that a test can stop and start again to simulate an outage.
 * Register it on a static field: {@code @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();}
 */
public final class HBaseExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Starts HBase in the background, alongside the other servers the class registers. */
    @Override
    public void beforeAll(ExtensionContext context) {
        SharedServers.get(context).startAsync(Server.HBASE);
    }

    /** Waits until HBase answers. */
    @Override
    public void beforeEach(ExtensionContext context) {
        SharedServers.get(context).awaitRunning(Server.HBASE);
    }

    /** Starts HBase again for the next test class if this one left it stopped. */
    @Override
    public void afterAll(ExtensionContext context) {
        SharedServers.get(context).startAsync(Server.HBASE);
    }

    /** The ZooKeeper quorum host, {@code 127.0.0.1} (HBase's {@code hbase.zookeeper.quorum}). */
    public String zookeeperQuorum() {
        return LocalSettings.HOST;
    }

    /**
     * The ZooKeeper client port (HBase's {@code hbase.zookeeper.property.clientPort}); known before HBase
     * runs and the same across {@link #stop()} and {@link #start()}.
     */
    public int zookeeperPort() {
        return SharedServers.get().settings().zookeeperPort();
    }

    /** {@code 127.0.0.1:PORT}, the form a connector option usually takes. */
    public String zookeeperAddress() {
        return zookeeperQuorum() + ":" + zookeeperPort();
    }

    /** The two client settings that reach this HBase, for an HBase {@code Configuration}, once HBase answers. */
    public Map<String, String> clientProperties() {
        SharedServers.get().awaitRunning(Server.HBASE);
        return Map.of("hbase.zookeeper.quorum", zookeeperQuorum(),
                "hbase.zookeeper.property.clientPort", Integer.toString(zookeeperPort()));
    }

    /** Stops HBase cleanly (every written row survives) and returns when its process is gone. */
    public void stop() {
        SharedServers.get().stop(Server.HBASE);
    }

    /** Starts HBase again on the same ports and data and returns when a put/get round trip succeeds. */
    public void start() {
        SharedServers.get().awaitRunning(Server.HBASE);
    }

    /** Whether the HBase process runs. */
    public boolean isRunning() {
        return SharedServers.get().isRunning(Server.HBASE);
    }
}
