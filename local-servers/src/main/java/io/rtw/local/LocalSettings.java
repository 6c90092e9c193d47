package io.rtw.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where the local servers keep their files and which loopback ports they listen on.
 *
 * @param workDir the directory every server file goes under
 * @param kafkaPort Kafka's PLAINTEXT listener (the bootstrap servers)
 * @param kafkaControllerPort Kafka's KRaft controller listener
 * @param zookeeperPort HBase's embedded ZooKeeper (what HBase clients connect to)
 * @param hbaseMasterPort the HBase master's RPC port
 * @param hbaseRegionServerPort the HBase region server's RPC port
 * @param flinkRestPort Flink's REST API and web UI
 * @param flinkRpcPort the Flink JobManager's RPC port
 * @param flinkSlots task slots of the Flink TaskManager
 * @param startTimeout how long {@code up} waits for the servers to be ready
 * @param ownerPid when present, the servers exit when this process does (used by tests, never by the CLI)
 */
public record LocalSettings(
        Path workDir,
        int kafkaPort,
        int kafkaControllerPort,
        int zookeeperPort,
        int hbaseMasterPort,
        int hbaseRegionServerPort,
        int flinkRestPort,
        int flinkRpcPort,
        int flinkSlots,
        Duration startTimeout,
        OptionalLong ownerPid) {

    /** The only address servers bind to. */
    public static final String HOST = "127.0.0.1";
    /** Default for {@link #startTimeout()}. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

    /** Validates ports and paths. */
    public LocalSettings {
        workDir = workDir.toAbsolutePath().normalize();
        int[] ports = {kafkaPort, kafkaControllerPort, zookeeperPort, hbaseMasterPort, hbaseRegionServerPort,
                flinkRestPort, flinkRpcPort};
        Set<Integer> seen = new HashSet<>();
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new LocalServersException("port " + p + " is out of range 1..65535", true);
            }
            if (!seen.add(p)) {
                throw new LocalServersException("port " + p + " is given to two listeners; every port must differ",
                        true);
            }
        }
        if (flinkSlots < 1) {
            throw new LocalServersException("Flink task slots must be at least 1, got " + flinkSlots, true);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new LocalServersException("start timeout must be positive, got " + startTimeout, true);
        }
    }

    /** The usual ports (9092/9093, 2181, 16000/16020, 8081/6123) under {@code workDir}. */
    public static LocalSettings defaults(Path workDir) {
        return new LocalSettings(workDir, 9092, 9093, 2181, 16000, 16020, 8081, 6123, 2, DEFAULT_START_TIMEOUT,
                OptionalLong.empty());
    }

    /** Free loopback ports chosen now, under {@code workDir}: what tests use. */
    public static LocalSettings randomPorts(Path workDir) {
        int[] p = freePorts(7);
        return new LocalSettings(workDir, p[0], p[1], p[2], p[3], p[4], p[5], p[6], 2, DEFAULT_START_TIMEOUT,
                OptionalLong.empty());
    }

    /** {@code $RTW_HOME/local}, or {@code ./.rtw/local} when {@code RTW_HOME} is not set. */
    public static Path defaultWorkDir() {
        String home = System.getenv("RTW_HOME");
        return Path.of(home != null && !home.isBlank() ? home : ".rtw").resolve("local").toAbsolutePath()
                .normalize();
    }

    /** The same settings with another start timeout. */
    public LocalSettings withStartTimeout(Duration timeout) {
        return new LocalSettings(workDir, kafkaPort, kafkaControllerPort, zookeeperPort, hbaseMasterPort,
                hbaseRegionServerPort, flinkRestPort, flinkRpcPort, flinkSlots, timeout, ownerPid);
    }

    /** The same settings with servers that exit when process {@code pid} does. */
    public LocalSettings withOwner(long pid) {
        return new LocalSettings(workDir, kafkaPort, kafkaControllerPort, zookeeperPort, hbaseMasterPort,
                hbaseRegionServerPort, flinkRestPort, flinkRpcPort, flinkSlots, startTimeout, OptionalLong.of(pid));
    }

    /** Kafka's bootstrap servers, {@code 127.0.0.1:PORT}. */
    public String kafkaBootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    /** Flink's REST address, {@code http://127.0.0.1:PORT}. */
    public String flinkRestUrl() {
        return "http://" + HOST + ":" + flinkRestPort;
    }

    static int[] freePorts(int n) {
        // Hold every socket until all are chosen so the ports differ from each other.
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket();
                sockets[i].bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // nothing to do: the port is free either way
                    }
                }
            }
        }
    }
}
