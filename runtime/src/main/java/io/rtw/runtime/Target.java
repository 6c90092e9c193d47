package io.rtw.runtime;

import java.util.Optional;

/**
 * Where a job runs: a MiniCluster in this process, a Flink cluster's REST endpoint, or the cluster this process's
 * code already runs in (a job artifact's entry class in the JobManager, in application mode).
 */
public record Target(Where where, Optional<String> host, int port) {

    /** The three places. */
    public enum Where { LOCAL, REMOTE, IN_CLUSTER }

    /** A MiniCluster in this process. */
    public static Target local() {
        return new Target(Where.LOCAL, Optional.empty(), 0);
    }

    /** The cluster this code runs in: its configuration and class path are the job's. */
    public static Target inCluster() {
        return new Target(Where.IN_CLUSTER, Optional.empty(), 0);
    }

    /** Parses {@code local}, {@code cluster} or {@code HOST:PORT}. */
    public static Target parse(String text) {
        if (text.equals("local")) {
            return local();
        }
        if (text.equals("cluster")) {
            return inCluster();
        }
        int colon = text.lastIndexOf(':');
        String port = colon > 0 ? text.substring(colon + 1) : "";
        if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException("target must be local, cluster or HOST:PORT (a port from 1 to 65535), "
                    + "got '" + text + "'");
        }
        return new Target(Where.REMOTE, Optional.of(text.substring(0, colon)), Integer.parseInt(port));
    }

    /** Whether the job runs on a MiniCluster in this process. */
    public boolean isLocal() {
        return where == Where.LOCAL;
    }

    /** Whether this code runs inside the job's cluster. */
    public boolean isInCluster() {
        return where == Where.IN_CLUSTER;
    }

    /** {@code HOST:PORT} as {@link #parse} takes it, {@code local} or {@code cluster}. */
    public String address() {
        return switch (where) {
            case LOCAL -> "local";
            case IN_CLUSTER -> "cluster";
            case REMOTE -> host.orElseThrow() + ":" + port;
        };
    }
}
