package io.rtw.runtime;

import java.util.Optional;

/** Where a job runs: a MiniCluster in this process, or a Flink cluster's REST endpoint. */
public record Target(Optional<String> host, int port) {

    /** A MiniCluster in this process. */
    public static Target local() {
        return new Target(Optional.empty(), 0);
    }

    /** Parses {@code local} or {@code HOST:PORT}. */
    public static Target parse(String text) {
        if (text.equals("local")) {
            return local();
        }
        int colon = text.lastIndexOf(':');
        String port = colon > 0 ? text.substring(colon + 1) : "";
        if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65_535) {
            throw new IllegalArgumentException("target must be local or HOST:PORT (a port from 1 to 65535), got '"
                    + text + "'");
        }
        return new Target(Optional.of(text.substring(0, colon)), Integer.parseInt(port));
    }

    /** Whether the job runs in this process. */
    public boolean isLocal() {
        return host.isEmpty();
    }

    /** {@code HOST:PORT} as {@link #parse} takes it, or {@code local}. */
    public String address() {
        return host.map(h -> h + ":" + port).orElse("local");
    }
}
