package io.rtw.batch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running job's operator counter, summed over subtasks, from a MiniCluster's REST API. */
final class FlinkSinkCounter {

    private static final Pattern RUNNING = Pattern.compile("\"id\":\"([0-9a-f]{32})\",\"status\":\"RUNNING\"");
    private static final Pattern VERTEX = Pattern.compile("\"id\":\"([0-9a-f]{32})\"[^{}]*?\"name\":\"([^\"]*)\"");
    private static final Pattern SUM = Pattern.compile("\"sum\":([0-9.E]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String vertexName;
    private final String metric;
    private String path;

    /** A counter of the vertex whose name contains {@code vertexName}, the first metric id ending in {@code metric}. */
    FlinkSinkCounter(int port, String vertexName, String metric) {
        this.base = "http://127.0.0.1:" + port;
        this.vertexName = vertexName;
        this.metric = metric;
    }

    /** The current value, or empty while no such job, vertex or metric is visible. */
    Optional<Long> read() {
        try {
            if (path == null) {
                Matcher job = RUNNING.matcher(get("/jobs"));
                if (!job.find()) {
                    return Optional.empty();
                }
                Matcher v = VERTEX.matcher(get("/jobs/" + job.group(1)));
                while (v.find()) {
                    if (v.group(2).contains(vertexName)) {
                        String vertex = "/jobs/" + job.group(1) + "/vertices/" + v.group(1) + "/subtasks/metrics";
                        Matcher id = Pattern.compile("\"id\":\"([^\"]*" + Pattern.quote(metric) + ")\"").matcher(get(vertex));
                        if (id.find()) {
                            path = vertex + "?agg=sum&get=" + id.group(1);
                        }
                    }
                }
                if (path == null) {
                    return Optional.empty();
                }
            }
            Matcher sum = SUM.matcher(get(path));
            return sum.find() ? Optional.of((long) Double.parseDouble(sum.group(1))) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private String get(String p) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + p)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
