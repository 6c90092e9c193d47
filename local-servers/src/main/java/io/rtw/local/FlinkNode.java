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

    /** The TaskManager's entry point. */
    static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

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
        Map<String, String> m = config(dir, settings.flinkRpcPort(), settings.flinkRestPort(), settings.flinkSlots());
        m.put("parallelism.default", "1");
        return m;
    }

    /**
     * A cluster's configuration on loopback: its JobManager's ports, each TaskManager's slots and memory (sized for a
     * developer machine), its temporary and savepoint directories under {@code dir}.
     */
    static Map<String, String> config(Path dir, int rpcPort, int restPort, int slots) {
        String host = LocalSettings.HOST;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jobmanager.bind-host", host);
        m.put("jobmanager.rpc.address", host);
        m.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        m.put("rest.address", host);
        m.put("rest.bind-address", host);
        m.put("rest.port", Integer.toString(restPort));
        m.put("taskmanager.bind-host", host);
        m.put("taskmanager.host", host);
        m.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        m.put("taskmanager.cpu.cores", Integer.toString(slots));
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
        // rtw jobs savepoint / stop without a directory write here.
        m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        return m;
    }

    /** Writes {@code config} as {@code conf/config.yaml} and the console log configuration under {@code dir}. */
    static void writeConf(Path dir, Map<String, String> config) throws IOException {
        StringBuilder yaml = new StringBuilder("# Generated by rtw; rewritten on every start.\n");
        for (Map.Entry<String, String> e : config.entrySet()) {
            yaml.append(e.getKey()).append(": \"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        write(dir.resolve("conf").resolve("config.yaml"), yaml.toString());
        write(dir.resolve("conf").resolve("log4j.properties"), Log4j.CONSOLE);
        Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(dir.resolve("tmp"));
    }

    /**
     * The command of a JobManager (entry point {@code main}) or TaskManager process of the cluster under {@code dir},
     * with the cluster's {@code classpath}; {@code env} adds to Flink's own variables.
     */
    static JavaCommand command(boolean jobManager, String main, List<Path> classpath, List<String> args, Path dir,
            Path logFile, Map<String, String> env) {
        List<String> jvm = new ArrayList<>();
        if (jobManager) {
            jvm.add("-Xmx512m");
        } else {
            int heap = FRAMEWORK_HEAP + TASK_HEAP;
            jvm.add("-Xmx" + heap + "m");
            jvm.add("-Xms" + heap + "m");
            jvm.add("-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP + TASK_OFF_HEAP + NETWORK) + "m");
            jvm.add("-XX:MaxMetaspaceSize=" + METASPACE + "m");
        }
        jvm.add("-XX:+UseG1GC");
        jvm.addAll(JAVA17_FLAGS);
        jvm.add("-Dlog.file=" + logFile);
        Path conf = dir.resolve("conf");
        jvm.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        List<String> all = new ArrayList<>(List.of("--configDir", conf.toString()));
        all.addAll(args);
        Map<String, String> vars = new LinkedHashMap<>(env);
        vars.put("FLINK_CONF_DIR", conf.toString());
        vars.put("FLINK_PLUGINS_DIR", dir.resolve("plugins").toString());
        return new JavaCommand(jvm, classpath, main, all, vars);
    }

    @Override
    void prepare() throws IOException {
        writeConf(dir, config());
    }

    @Override
    JavaCommand command(ManagedProcess process) {
        return process == jobManager
                ? command(true, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        ServerClasspath.jars("flink"), List.of(), dir, process.logFile(), Map.of())
                : command(false, TASK_MANAGER, ServerClasspath.jars("flink"), List.of(), dir, process.logFile(),
                        Map.of());
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
