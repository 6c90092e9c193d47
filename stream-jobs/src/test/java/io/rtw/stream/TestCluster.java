package io.rtw.stream;

import io.rtw.runtime.Target;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Flink cluster in the test's JVM for jobs that lose their TaskManagers: two TaskManagers of two slots on
 * loopback, a REST endpoint on a free port (the runner submits to it as to a remote cluster), and the REST
 * polling the failure tests share.
 */
final class TestCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MiniCluster cluster;
    private final int restPort;

    private TestCluster(MiniCluster cluster, int restPort) {
        this.cluster = cluster;
        this.restPort = restPort;
    }

    /** Starts the cluster, slots spread over both TaskManagers. */
    static TestCluster start() throws Exception {
        int port = freePort();
        Configuration conf = new Configuration();
        for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host",
                "jobmanager.rpc.address", "taskmanager.bind-host", "taskmanager.host")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("rest.port", Integer.toString(port));
        conf.setString("taskmanager.load-balance.mode", "SLOTS");
        conf.setString("metrics.fetcher.update-interval", "1000");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(2).setNumSlotsPerTaskManager(2).build());
        cluster.start();
        return new TestCluster(cluster, port);
    }

    /** Where the runner submits: the cluster's REST address. */
    Target target() {
        return Target.parse("127.0.0.1:" + restPort);
    }

    int restPort() {
        return restPort;
    }

    /**
     * Terminates both TaskManagers (a task still running on either one fails, whichever finished first) and
     * starts two fresh ones: a job can only go on from what it kept outside them.
     */
    void replaceTaskManagers() throws Exception {
        cluster.terminateTaskManager(1).get(60, TimeUnit.SECONDS);
        cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
        cluster.startTaskManager();
        cluster.startTaskManager();
    }

    /** Whether every subtask of the job's first source runs and none has finished: the job is mid-stream. */
    static boolean sourcesStillReading(JsonNode job) {
        return source(job).map(vertex -> vertex.path("tasks").path("RUNNING").asInt()
                == vertex.path("parallelism").asInt() && vertex.path("tasks").path("FINISHED").asInt() == 0)
                .orElse(false);
    }

    /** The job's first source vertex as {@code /jobs/:id} describes it (tasks, parallelism, metrics). */
    static Optional<JsonNode> source(JsonNode job) {
        for (JsonNode vertex : job.path("vertices")) {
            if (vertex.path("name").asText().startsWith("Source:")) {
                return Optional.of(vertex);
            }
        }
        return Optional.empty();
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The cluster's answer, or null while it cannot give one (leader election, job initializing). */
    JsonNode answer(String path) throws Exception {
        HttpResponse<String> r = send(path);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Something polled until it is there. */
    interface Poll<T> {
        T poll() throws Exception;
    }

    /** Polls every half second until {@code poll} returns a value; fails after 120 s naming {@code what}. */
    static <T> T await(String what, Poll<T> poll) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            T t = poll.poll();
            if (t != null) {
                return t;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + what + " within 120 s");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
