package io.rtw.local;

import java.util.List;

/**
 * What {@code rtw local status} knows about one server.
 *
 * @param server the server
 * @param running whether every process of the server runs
 * @param pids the running processes' pids (empty when stopped)
 * @param address what clients connect to, for people; empty when stopped
 */
public record ServerStatus(Server server, boolean running, List<Long> pids, String address) {

    /** Copies the pid list. */
    public ServerStatus {
        pids = List.copyOf(pids);
    }
}
