package io.rtw.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flink cluster in application mode on 127.0.0.1, each part its own process as on Kubernetes or YARN: one
 * JobManager running Flink's standalone-job entry point ({@code StandaloneApplicationClusterEntryPoint}) with the job
 * artifact in its {@code usrlib/}, which runs the artifact's entry class and so its one job, and TaskManagers that
 * can be killed and replaced as a supervisor would.
 */
public final class ApplicationCluster implements AutoCloseable {

    private static final String ENTRY_POINT =
            "org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint";
    private static final Pattern TASK_MANAGER_ID = Pattern.compile("\"id\"\\s*:\\s*\"");

    /**
     * What to run.
     *
     * @param dir the cluster's directory (configuration, usrlib, logs, pid files)
     * @param artifact the job artifact
     * @param entryClass the artifact's class whose main runs the job
     * @param programArgs the entry class's arguments
     * @param taskManagers how many TaskManagers start
     * @param slots task slots of each TaskManager
     * @param config Flink settings over the cluster's own (checkpoints, parallelism, restart strategy)
     * @param clusterJars jars the cluster has beside Flink's {@code lib/} (its Hadoop, as a cluster that runs Paimon
     *     on HDFS has)
     */
    public record Spec(Path dir, Path artifact, String entryClass, List<String> programArgs, int taskManagers,
            int slots, Map<String, String> config, List<Path> clusterJars) {}

    private final Spec spec;
    private final int restPort;
    private final Map<String, String> configuration;
    private final ManagedProcess jobManager;
    private final List<ManagedProcess> taskManagers = new ArrayList<>();

    private ApplicationCluster(Spec spec, int restPort, Map<String, String> configuration) {
        this.spec = spec;
        this.restPort = restPort;
        this.configuration = configuration;
        this.jobManager = new ManagedProcess("jobmanager", spec.dir(), spec.dir());
    }

    /** Starts the JobManager and the TaskManagers and waits until all TaskManagers registered. */
    public static ApplicationCluster start(Spec spec, Duration timeout) {
        int[] ports = LocalSettings.freePorts(2);
        Map<String, String> conf = FlinkNode.config(spec.dir(), ports[0], ports[1], spec.slots());
        conf.putAll(spec.config());
        ApplicationCluster cluster = new ApplicationCluster(spec, ports[1], Collections.unmodifiableMap(conf));
        try {
            FlinkNode.writeConf(spec.dir(), conf);
            Files.createDirectories(spec.dir().resolve("lib"));
            Path usrlib = Files.createDirectories(spec.dir().resolve("usrlib"));
            Files.copy(spec.artifact(), usrlib.resolve(spec.artifact().getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
            List<String> args = new ArrayList<>(List.of("--job-classname", spec.entryClass()));
            args.addAll(spec.programArgs());
            cluster.jobManager.start(cluster.command(true, args, cluster.jobManager), owner());
            for (int i = 0; i < spec.taskManagers(); i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(spec.taskManagers(), Instant.now().plus(timeout));
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("cannot start the application cluster in " + spec.dir(), e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static OptionalLong owner() {
        return OptionalLong.of(ProcessHandle.current().pid());
    }

    private JavaCommand command(boolean isJobManager, List<String> args, ManagedProcess process) {
        List<Path> classpath = new ArrayList<>(ServerClasspath.jars("flink"));
        classpath.addAll(spec.clusterJars());
        // Flink finds usrlib/ beside the directory FLINK_LIB_DIR names.
        return FlinkNode.command(isJobManager, isJobManager ? ENTRY_POINT : FlinkNode.TASK_MANAGER, classpath, args,
                spec.dir(), process.logFile(), Map.of("FLINK_LIB_DIR", spec.dir().resolve("lib").toString()));
    }

    /** Starts one more TaskManager (a replacement, as Kubernetes starts a new pod for a lost one). */
    public void startTaskManager() {
        ManagedProcess tm = new ManagedProcess("taskmanager-" + taskManagers.size(), spec.dir(), spec.dir());
        taskManagers.add(tm);
        try {
            tm.start(command(false, List.of(), tm), owner());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a TaskManager in " + spec.dir(), e);
        }
    }

    /** Kills TaskManager {@code index} (in start order) with SIGKILL, as a lost machine would go. */
    public void killTaskManager(int index) {
        taskManagers.get(index).kill();
    }

    /** The pids of the running TaskManagers, in start order (-1 for one that is gone). */
    public List<Long> taskManagerPids() {
        return taskManagers.stream().map(t -> t.running().map(ProcessHandle::pid).orElse(-1L)).toList();
    }

    /** Waits until {@code n} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int n, Instant deadline) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(restUrl() + "/taskmanagers"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && count(r.body()) >= n) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalServersException("interrupted while the application cluster starts", false);
            }
            if (jobManager.running().isEmpty()) {
                throw new LocalServersException("the application cluster's JobManager exited; its log "
                        + jobManager.logFile() + " ends with:\n  " + String.join("\n  ", jobManager.tail(20)), false);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LocalServersException("fewer than " + n + " TaskManagers registered at " + restUrl()
                        + " in time; logs in " + spec.dir(), false);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalServersException("interrupted while the application cluster starts", false);
            }
        }
    }

    private static int count(String body) {
        Matcher m = TASK_MANAGER_ID.matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The JobManager's REST address, {@code http://127.0.0.1:PORT}. */
    public String restUrl() {
        return "http://" + LocalSettings.HOST + ":" + restPort;
    }

    /** The REST port. */
    public int restPort() {
        return restPort;
    }

    /** The cluster's Flink configuration as written to {@code conf/config.yaml}. */
    public Map<String, String> configuration() {
        return new LinkedHashMap<>(configuration);
    }

    /** The JobManager's log (where the entry class's output goes). */
    public Path jobManagerLog() {
        return jobManager.logFile();
    }

    /**
     * Waits until the JobManager exits: in application mode it does once its job has ended (finished, stopped with a
     * savepoint, failed for good or cancelled).
     */
    public void awaitJobManagerExit() {
        while (!jobManager.awaitExit(Duration.ofSeconds(5))) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Stops every process: TaskManagers first, then the JobManager. */
    @Override
    public void close() {
        for (ManagedProcess tm : taskManagers) {
            tm.stop(Duration.ofSeconds(20));
        }
        jobManager.stop(Duration.ofSeconds(20));
    }
}
