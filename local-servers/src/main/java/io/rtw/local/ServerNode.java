package io.rtw.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** One server of {@code rtw local}: its directory, configuration, processes, readiness check and address. */
abstract class ServerNode {

    /** Options for a tool JVM that runs for seconds: quick JIT, small GC. */
    static final List<String> SHORT_LIVED_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    final Server server;
    final LocalSettings settings;
    final Path dir;

    ServerNode(Server server, LocalSettings settings) {
        this.server = server;
        this.settings = settings;
        this.dir = settings.workDir().resolve(server.id());
    }

    /** The node for {@code server}. */
    static ServerNode of(Server server, LocalSettings settings) {
        return switch (server) {
            case KAFKA -> new KafkaNode(settings);
            case HBASE -> new HBaseNode(settings);
            case FLINK -> new FlinkNode(settings);
        };
    }

    /** The processes of this server, in start order. */
    abstract List<ManagedProcess> processes();

    /** Loopback ports this server listens on, by what they are for. */
    abstract Map<String, Integer> ports();

    /** Writes configuration and does one-time preparation (formatting storage). */
    abstract void prepare() throws IOException, InterruptedException;

    /** The command that starts {@code process}. */
    abstract JavaCommand command(ManagedProcess process);

    /**
     * Blocks until the server answers a real request or throws; {@code logOffsets} are the log sizes before
     * this start, so only what the new processes wrote counts.
     */
    abstract void awaitReady(Instant deadline, Map<ManagedProcess, Long> logOffsets) throws Exception;

    /** What clients connect to, for people: {@code 127.0.0.1:9092 (bootstrap servers)}. */
    abstract String address();

    /** Stops every process, last started first. */
    void stop() {
        List<ManagedProcess> ps = new ArrayList<>(processes());
        Collections.reverse(ps);
        for (ManagedProcess p : ps) {
            p.stop(Duration.ofSeconds(30));
        }
    }

    /** Pids of the running processes, or empty when not every process runs. */
    Optional<List<Long>> runningPids() {
        List<Long> pids = new ArrayList<>();
        for (ManagedProcess p : processes()) {
            Optional<ProcessHandle> h = p.running();
            if (h.isEmpty()) {
                return Optional.empty();
            }
            pids.add(h.get().pid());
        }
        return Optional.of(pids);
    }

    /** Whether any process of this server runs. */
    boolean anyRunning() {
        return processes().stream().anyMatch(p -> p.running().isPresent());
    }

    /** Ports of {@link #ports()} that something else already listens on, as "label port". */
    List<String> busyPorts() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<String, Integer> e : ports().entrySet()) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(LocalSettings.HOST), e.getValue()));
            } catch (IOException ex) {
                busy.add(e.getKey() + " port " + e.getValue());
            }
        }
        return busy;
    }

    /** Where {@link #address()} is kept while the server runs, for {@code status} from another process. */
    Path addressFile() {
        return dir.resolve("address");
    }

    ManagedProcess process(String name) {
        return new ManagedProcess(name, dir, settings.workDir());
    }

    static Map<String, Integer> ports(Object... labelsAndPorts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndPorts.length; i += 2) {
            m.put((String) labelsAndPorts[i], (Integer) labelsAndPorts[i + 1]);
        }
        return m;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Polls {@code condition} every 200 ms until it holds; fails when the deadline passes or a process of
     * this server has exited.
     */
    void await(String what, Instant deadline, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            checkAlive(what);
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Throws when a process of this server is no longer running. */
    void checkAlive(String what) {
        for (ManagedProcess p : processes()) {
            if (p.running().isEmpty()) {
                throw new IllegalStateException(p.name() + " exited while waiting for " + what);
            }
        }
    }
}
