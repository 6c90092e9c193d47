package io.rtw.local.junit;

import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/** The servers of one test JVM: random loopback ports, a temporary work directory, stopped when the run ends. */
final class SharedServers implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedServers.class);
    private static SharedServers instance;

    private final LocalServers servers;
    private final Path workDir;
    private final Map<Server, CompletableFuture<Void>> starts = new EnumMap<>(Server.class);
    private boolean closed;

    private SharedServers(Path workDir) {
        this.workDir = workDir;
        this.servers = new LocalServers(LocalSettings.randomPorts(workDir).withOwner(ProcessHandle.current().pid()));
    }

    /** The JVM's instance, created on first use and closed when the root extension context closes or the JVM exits. */
    static synchronized SharedServers get(ExtensionContext context) {
        SharedServers s = get();
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedServers.class, k -> s, SharedServers.class);
        return s;
    }

    /** The JVM's instance (its ports are fixed at creation, before any server starts). */
    static synchronized SharedServers get() {
        if (instance == null) {
            try {
                instance = new SharedServers(Files.createTempDirectory("rtw-local-"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a work directory for test servers", e);
            }
            SharedServers s = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "rtw-local-test-servers"));
        }
        return instance;
    }

    LocalSettings settings() {
        return servers.settings();
    }

    synchronized boolean isRunning(Server server) {
        return servers.isRunning(server);
    }

    /**
     * Starts {@code server} in the background unless it runs or is starting, so servers that several
     * extensions of one class need start together; {@link #awaitRunning} waits for it.
     */
    synchronized CompletableFuture<Void> startAsync(Server server) {
        if (closed) {
            throw new IllegalStateException("the test servers were already stopped");
        }
        CompletableFuture<Void> f = starts.get(server);
        if (f != null && (!f.isDone() || f.isCompletedExceptionally() || servers.isRunning(server))) {
            return f; // starting, failed for good (every later test sees the same failure), or running
        }
        CompletableFuture<Void> start = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                servers.up(EnumSet.of(server), line -> System.out.println("[rtw local] " + line));
                start.complete(null);
            } catch (Throwable e) {
                start.completeExceptionally(e);
            }
        }, "rtw-local-start-" + server.id());
        t.setDaemon(true);
        t.start();
        starts.put(server, start);
        return start;
    }

    /** Starts {@code server} if needed and returns once it answers; rethrows a failed start. */
    void awaitRunning(Server server) {
        try {
            startAsync(server).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Stops {@code server} cleanly and waits until its processes are gone. */
    void stop(Server server) {
        awaitRunning(server);
        synchronized (this) {
            starts.remove(server);
            servers.down(EnumSet.of(server), line -> System.out.println("[rtw local] " + line));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        servers.kill(EnumSet.allOf(Server.class));
        if (!Boolean.getBoolean("rtw.local.keep")) {
            deleteRecursively(workDir);
        } else {
            System.out.println("[rtw local] kept " + workDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp directory left behind is harmless
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
    }
}
