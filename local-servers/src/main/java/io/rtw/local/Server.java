package io.rtw.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A server that {@code rtw local} runs. */
public enum Server {
    /** Kafka 4, one KRaft node acting as broker and controller. */
    KAFKA("kafka"),
    /** HBase standalone: master, region server and ZooKeeper in one JVM on the local file system. */
    HBASE("hbase"),
    /** A Flink standalone session cluster: one JobManager and one TaskManager. */
    FLINK("flink");

    private final String id;

    Server(String id) {
        this.id = id;
    }

    /** The name used on the command line and for the server's directory. */
    public String id() {
        return id;
    }

    /** Parses a server name as typed by a user; the error lists the names allowed. */
    public static Server parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Server s : values()) {
            if (s.id.equals(n)) {
                return s;
            }
        }
        throw new LocalServersException("unknown server '" + name + "'; expected one of: "
                + Arrays.stream(values()).map(Server::id).collect(Collectors.joining(", ")), true);
    }

    @Override
    public String toString() {
        return id;
    }
}
