package io.rtw.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts, checks and stops the local Kafka, HBase and Flink processes of one work directory.
 *
 * <p>{@link #up} is idempotent: a server whose processes run is left alone; the others are started together
 * and each is waited for with a real round trip. If one fails, every server this call started is stopped
 * again and the exception carries the tail of the failing server's log. {@link #down} stops exactly the
 * processes whose pid files this work directory holds. Instances are cheap and keep no state beyond the
 * files in the work directory, so another process (a later {@code rtw local down}) sees the same servers.
 */
public final class LocalServers {

    /** Log lines shown when a server fails to start. */
    static final int FAILURE_LOG_LINES = 40;

    private final LocalSettings settings;

    /** Servers of {@code settings.workDir()}, started with {@code settings}' ports. */
    public LocalServers(LocalSettings settings) {
        this.settings = settings;
    }

    /** The settings servers are started with. */
    public LocalSettings settings() {
        return settings;
    }

    /**
     * Starts the servers of {@code which} that are not running and waits until each answers; returns the
     * status of each. Throws {@link LocalServersException} (user error) before starting anything when a port
     * is taken, and (server failure) after stopping what it started when a server does not become ready.
     */
    public List<ServerStatus> up(Set<Server> which, Consumer<String> progress) {
        List<ServerNode> toStart = new ArrayList<>();
        for (Server s : EnumSet.copyOf(which)) {
            ServerNode node = ServerNode.of(s, settings);
            if (node.runningPids().isPresent()) {
                // The address file holds the address the server was started with (address() of its settings then).
                String at = readAddress(node).orElse(node.address());
                progress.accept(s + " is already running: " + at + (at.equals(node.address()) ? ""
                        : "; asked for " + node.address().replaceFirst(" \\(.*", "") + ": rtw local down " + s
                                + " first to move it"));
                continue;
            }
            if (node.anyRunning()) {
                progress.accept(s + " is partly running; stopping what is left of it");
                node.stop();
            }
            toStart.add(node);
        }
        List<String> busy = new ArrayList<>();
        for (ServerNode n : toStart) {
            busy.addAll(n.busyPorts());
        }
        if (!busy.isEmpty()) {
            throw new LocalServersException("cannot start " + names(toStart) + ": in use on " + LocalSettings.HOST
                    + ": " + String.join(", ", busy) + "; stop what listens there or choose other ports", true);
        }
        if (!toStart.isEmpty()) {
            start(toStart, progress);
        }
        return status(which);
    }

    private void start(List<ServerNode> nodes, Consumer<String> progress) {
        Instant begin = Instant.now();
        Instant deadline = begin.plus(settings.startTimeout());
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), r -> {
            Thread t = new Thread(r, "rtw-local-start");
            t.setDaemon(true);
            return t;
        });
        Map<ServerNode, CompletableFuture<Duration>> futures = new LinkedHashMap<>();
        try {
            for (ServerNode n : nodes) {
                progress.accept("starting " + n.server + " ...");
                futures.put(n, CompletableFuture.supplyAsync(() -> startOne(n, deadline, begin), pool));
            }
            Map<ServerNode, Throwable> failures = new LinkedHashMap<>();
            for (Map.Entry<ServerNode, CompletableFuture<Duration>> e : futures.entrySet()) {
                try {
                    Duration took = e.getValue().join();
                    progress.accept(e.getKey().server + " is ready after " + seconds(took) + ": "
                            + e.getKey().address());
                } catch (RuntimeException ex) {
                    failures.put(e.getKey(), ex.getCause() != null ? ex.getCause() : ex);
                }
            }
            if (!failures.isEmpty()) {
                progress.accept("stopping " + names(nodes) + " again");
                stopAll(nodes);
                throw failure(failures);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Duration startOne(ServerNode n, Instant deadline, Instant begin) {
        try {
            n.prepare();
            Map<ManagedProcess, Long> offsets = new LinkedHashMap<>();
            for (ManagedProcess p : n.processes()) {
                offsets.put(p, p.logSize());
                p.start(n.command(p), settings.ownerPid());
            }
            n.awaitReady(deadline, offsets);
            Files.writeString(n.addressFile(), n.address(), StandardCharsets.UTF_8);
            return Duration.between(begin, Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + n.server, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static LocalServersException failure(Map<ServerNode, Throwable> failures) {
        StringBuilder msg = new StringBuilder();
        boolean userError = false;
        for (Map.Entry<ServerNode, Throwable> f : failures.entrySet()) {
            Throwable cause = f.getValue();
            if (cause instanceof LocalServersException l && l.userError()) {
                userError = true;
            }
            if (msg.length() > 0) {
                msg.append(System.lineSeparator());
            }
            msg.append(f.getKey().server).append(" failed to start: ").append(describe(cause));
            for (ManagedProcess p : f.getKey().processes()) {
                List<String> tail = p.tail(FAILURE_LOG_LINES);
                if (!tail.isEmpty()) {
                    msg.append(System.lineSeparator()).append("--- last ").append(tail.size()).append(" lines of ")
                            .append(p.logFile()).append(" ---");
                    for (String line : tail) {
                        msg.append(System.lineSeparator()).append(line);
                    }
                }
            }
        }
        return new LocalServersException(msg.toString(), userError);
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.getMessage() == null ? t.toString() : t.getMessage());
        Throwable c = t.getCause();
        while (c != null && c != t) {
            s.append(" (").append(c.getMessage() == null ? c.toString() : c.getMessage()).append(')');
            t = c;
            c = c.getCause();
        }
        return s.toString();
    }

    /** Stops the servers of {@code which} that run from this work directory; returns their status after. */
    public List<ServerStatus> down(Set<Server> which, Consumer<String> progress) {
        List<ServerNode> running = new ArrayList<>();
        for (Server s : EnumSet.copyOf(which)) {
            ServerNode n = ServerNode.of(s, settings);
            if (n.anyRunning()) {
                running.add(n);
            } else {
                progress.accept(s + " is not running");
            }
        }
        if (!running.isEmpty()) {
            progress.accept("stopping " + names(running) + " ...");
            stopAll(running);
            for (ServerNode n : running) {
                progress.accept(n.server + (n.anyRunning() ? " did not stop" : " stopped"));
            }
        }
        return status(which);
    }

    /**
     * Kills the processes of {@code which} at once (SIGKILL), without a clean shutdown: for throw-away work
     * directories such as a test run's, where waiting for HBase to flush would only cost time.
     */
    public void kill(Set<Server> which) {
        for (Server s : EnumSet.copyOf(which)) {
            ServerNode n = ServerNode.of(s, settings);
            for (ManagedProcess p : n.processes()) {
                p.kill();
            }
        }
    }

    private static void stopAll(List<ServerNode> nodes) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServerNode n : nodes) {
            stops.add(CompletableFuture.runAsync(() -> {
                n.stop();
                try {
                    Files.deleteIfExists(n.addressFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(stops.toArray(new CompletableFuture<?>[0])).join();
    }

    /** The status of every server. */
    public List<ServerStatus> status() {
        return status(EnumSet.allOf(Server.class));
    }

    /** The status of the servers of {@code which}, in {@link Server} order. */
    public List<ServerStatus> status(Set<Server> which) {
        List<ServerStatus> out = new ArrayList<>();
        for (Server s : EnumSet.copyOf(which)) {
            ServerNode n = ServerNode.of(s, settings);
            Optional<List<Long>> pids = n.runningPids();
            out.add(pids.map(p -> new ServerStatus(s, true, p, readAddress(n).orElse(n.address())))
                    .orElseGet(() -> new ServerStatus(s, false, List.of(), "")));
        }
        return out;
    }

    /** Whether every process of {@code server} runs. */
    public boolean isRunning(Server server) {
        return ServerNode.of(server, settings).runningPids().isPresent();
    }

    /** The log files of {@code server}'s processes (Flink has one per JobManager and TaskManager). */
    public List<Path> logFiles(Server server) {
        List<Path> logs = new ArrayList<>();
        for (ManagedProcess p : ServerNode.of(server, settings).processes()) {
            logs.add(p.logFile());
        }
        return logs;
    }

    /**
     * The file names of the jars Flink's {@code lib/} holds (as the standalone cluster of {@code rtw local} runs it):
     * what a job artifact leaves out, since every Flink cluster has them.
     */
    public static Set<String> flinkLibraryJarNames() {
        return ServerClasspath.entries("flink").stream().map(e -> e.substring(e.lastIndexOf('/') + 1))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The jars of Flink's {@code lib/} in the local Maven repository, each checked to exist. */
    public static List<Path> flinkLibraryJars() {
        return ServerClasspath.jars("flink");
    }

    /** The last {@code lines} lines of {@code log}. */
    public static List<String> tail(Path log, int lines) {
        return ManagedProcess.tail(log, lines);
    }

    private static Optional<String> readAddress(ServerNode n) {
        try {
            return Files.exists(n.addressFile())
                    ? Optional.of(Files.readString(n.addressFile(), StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String names(List<ServerNode> nodes) {
        List<String> names = new ArrayList<>();
        for (ServerNode n : nodes) {
            names.add(n.server.id());
        }
        return String.join(", ", names);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
