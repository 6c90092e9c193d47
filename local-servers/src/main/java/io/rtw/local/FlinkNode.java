package io.rtw.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Flink standalone session cluster: one JobManager ({@code StandaloneSessionClusterEntrypoint}) and one
 * TaskManager ({@code TaskManagerRunner}) with a generated configuration directory. Without Flink's shell
 * scripts the TaskManager's memory is configured explicitly and the JVM sized to match it.
 */
final class FlinkNode extends ServerNode {

    /** Flink's own Java 17 options (its default config.yaml's env.java.opts.all). */
    private static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** A {@code /taskmanagers} answer that lists at least one TaskManager. */
    private static final Pattern REGISTERED = Pattern.compile("\"taskmanagers\"\\s*:\\s*\\[\\s*\\{");

    // TaskManager memory (MB); the JVM flags below are derived from these as Flink's scripts would.
    private static final int FRAMEWORK_HEAP = 128;
    private static final int TASK_HEAP = 512;
    private static final int FRAMEWORK_OFF_HEAP = 128;
    private static final int TASK_OFF_HEAP = 0;
    private static final int NETWORK = 64;
    private static final int MANAGED = 128;
    private static final int METASPACE = 256;
    private static final int OVERHEAD = 192;

    private final ManagedProcess jobManager = process("flink-jobmanager");
    private final ManagedProcess taskManager = process("flink-taskmanager");

    FlinkNode(LocalSettings settings) {
        super(Server.FLINK, settings);
    }

    @Override
    List<ManagedProcess> processes() {
        return List.of(jobManager, taskManager);
    }

    @Override
    Map<String, Integer> ports() {
        return ports("flink rest", settings.flinkRestPort(), "flink jobmanager rpc", settings.flinkRpcPort());
    }

    private Path confDir() {
        return dir.resolve("conf");
    }

    /** The cluster configuration (flat keys, valid YAML). */
    Map<String, String> config() {
        String host = LocalSettings.HOST;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.bind-host", host);
        m.put("jobmanager.rpc.address", host);
        m.put("jobmanager.rpc.port", Integer.toString(settings.flinkRpcPort()));
        m.put("rest.address", host);
        m.put("rest.bind-address", host);
        m.put("rest.port", Integer.toString(settings.flinkRestPort()));
        m.put("taskmanager.bind-host", host);
        m.put("taskmanager.host", host);
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.flinkSlots()));
        m.put("taskmanager.cpu.cores", Integer.toString(settings.flinkSlots()));
        m.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP + "m");
        m.put("taskmanager.memory.task.heap.size", TASK_HEAP + "m");
        m.put("taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP + "m");
        m.put("taskmanager.memory.task.off-heap.size", TASK_OFF_HEAP + "m");
        m.put("taskmanager.memory.network.min", NETWORK + "m");
        m.put("taskmanager.memory.network.max", NETWORK + "m");
        m.put("taskmanager.memory.managed.size", MANAGED + "m");
        m.put("taskmanager.memory.jvm-metaspace.size", METASPACE + "m");
        m.put("taskmanager.memory.jvm-overhead.min", OVERHEAD + "m");
        m.put("taskmanager.memory.jvm-overhead.max", OVERHEAD + "m");
        m.put("jobmanager.memory.process.size", "1024m");
        // A TaskManager that starts before the JobManager listens retries after 1 s, not the default 10 s.
        m.put("cluster.registration.error-delay", "1 s");
        m.put("io.tmp.dirs", dir.resolve("tmp").toString());
        m.put("web.tmpdir", dir.resolve("tmp").resolve("web").toString());
        m.put("parallelism.default", "1");
        // rtw jobs savepoint / stop without a directory write here.
        m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        return m;
    }

    @Override
    void prepare() throws IOException {
        StringBuilder yaml = new StringBuilder("# Generated by rtw local; rewritten on every start.\n");
        for (Map.Entry<String, String> e : config().entrySet()) {
            yaml.append(e.getKey()).append(": \"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        write(confDir().resolve("config.yaml"), yaml.toString());
        write(confDir().resolve("log4j.properties"), Log4j.CONSOLE);
        Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    @Override
    JavaCommand command(ManagedProcess process) {
        List<String> jvm = new ArrayList<>();
        String main;
        if (process == jobManager) {
            jvm.add("-Xmx512m");
            main = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
        } else {
            int heap = FRAMEWORK_HEAP + TASK_HEAP;
            jvm.add("-Xmx" + heap + "m");
            jvm.add("-Xms" + heap + "m");
            jvm.add("-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP + TASK_OFF_HEAP + NETWORK) + "m");
            jvm.add("-XX:MaxMetaspaceSize=" + METASPACE + "m");
            main = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
        }
        jvm.add("-XX:+UseG1GC");
        jvm.addAll(JAVA17_FLAGS);
        jvm.add("-Dlog.file=" + process.logFile());
        jvm.add("-Dlog4j.configurationFile=file:" + confDir().resolve("log4j.properties"));
        return new JavaCommand(jvm, ServerClasspath.jars("flink"), main,
                List.of("--configDir", confDir().toString()),
                Map.of("FLINK_CONF_DIR", confDir().toString(), "FLINK_PLUGINS_DIR", dir.resolve("plugins").toString()));
    }

    @Override
    void awaitReady(Instant deadline, Map<ManagedProcess, Long> logOffsets) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(settings.flinkRestUrl() + "/taskmanagers"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        await("a TaskManager registered at " + settings.flinkRestUrl(), deadline, () -> {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && REGISTERED.matcher(r.body()).find();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    @Override
    String address() {
        return settings.flinkRestUrl() + " (REST and web UI)";
    }
}
