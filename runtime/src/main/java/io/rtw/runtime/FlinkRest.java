package io.rtw.runtime;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A small client of a Flink cluster's REST API: list, cancel, savepoint and stop jobs. */
public final class FlinkRest {

    /** One job as the cluster lists it. */
    public record Job(String id, String name, String state, long startTime, long durationMillis) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a request waits for a cluster that answers 503 (leader election while it starts). */
    static final Duration UNAVAILABLE_WAIT = Duration.ofSeconds(30);
    private static final Duration UNAVAILABLE_RETRY = Duration.ofMillis(250);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the REST endpoint at {@code host:port}. */
    public FlinkRest(String host, int port) {
        this.base = URI.create("http://" + host + ":" + port);
    }

    /** The endpoint's address, {@code http://host:port}: the cluster's web UI. */
    String address() {
        return base.toString();
    }

    /** One failure of a job as its exception history keeps it: when, and its innermost cause in one line. */
    record Failure(long timestamp, String cause) {}

    /** The job's failures the cluster keeps (the latest {@code web.exception-history-size}), oldest first. */
    List<Failure> failures(String jobId) throws IOException, InterruptedException {
        List<Failure> out = new ArrayList<>();
        for (JsonNode e : call("GET", "/jobs/" + jobId + "/exceptions", null).path("exceptionHistory").path("entries")) {
            out.add(new Failure(e.path("timestamp").asLong(), innermost(e.path("exceptionName").asText(),
                    e.path("stacktrace").asText())));
        }
        Collections.reverse(out);
        return out;
    }

    /** The job's state as the cluster reports it: {@code RUNNING}, {@code RESTARTING}, {@code FAILED}, ... */
    public String state(String jobId) throws IOException, InterruptedException {
        return call("GET", "/jobs/" + jobId, null).path("state").asText();
    }

    /**
     * Records the job's source operators have emitted so far, summed over their subtasks, as the cluster's metric
     * fetcher last refreshed them (every {@code metrics.fetcher.update-interval}, 10 s by default).
     */
    long sourceRecords(String jobId) throws IOException, InterruptedException {
        long n = 0;
        for (JsonNode vertex : call("GET", "/jobs/" + jobId, null).path("vertices")) {
            if (!vertex.path("name").asText().startsWith("Source: ")) {
                continue;
            }
            String metrics = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            for (JsonNode metric : call("GET", metrics, null)) {
                String name = metric.path("id").asText();
                if (name.startsWith("Source__") && name.endsWith(".numRecordsOut")) {
                    for (JsonNode value : call("GET", metrics + "?agg=sum&get="
                            + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8), null)) {
                        n += value.path("sum").asLong();
                    }
                }
            }
        }
        return n;
    }

    /** A REST error body in one line: the first line of each of its {@code errors}, without exception class names. */
    static String errors(String body) {
        List<String> lines = new ArrayList<>();
        try {
            JSON.readTree(body).path("errors").forEach(e -> lines.add(
                    e.asText().lines().findFirst().orElse("").replaceFirst("^([\\w$]+\\.)+[\\w$]+: ", "")));
        } catch (IOException notJson) {
            // the body is not the REST API's error JSON (a proxy's page, say): its first line follows
        }
        if (lines.isEmpty()) {
            lines.add(body.lines().findFirst().orElse("(no message)"));
        }
        String out = String.join("; ", lines);
        return out.length() > 500 ? out.substring(0, 500) + "..." : out;
    }

    /** The last {@code Caused by:} of a stack trace (else its first line) as {@code SimpleName: message}. */
    static String innermost(String exceptionName, String stacktrace) {
        String line = stacktrace.lines().findFirst().orElse(exceptionName);
        for (String l : (Iterable<String>) stacktrace.lines()::iterator) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length());
            }
        }
        int colon = line.indexOf(": ");
        String type = colon < 0 ? line : line.substring(0, colon);
        return type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1)
                + (colon < 0 ? "" : line.substring(colon));
    }

    /**
     * What the first operator of each of the job's chains does, by its id (a chain's id is its first operator's; the
     * rest of a chain is not told apart here), as the job's graph describes it.
     */
    public java.util.Map<String, String> vertexDescriptions(String jobId) throws IOException, InterruptedException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode node : call("GET", "/jobs/" + jobId + "/plan", null).path("plan").path("nodes")) {
            out.put(node.path("id").asText(), firstOperator(node.path("description").asText()));
        }
        return out;
    }

    /**
     * The first operator's part of a chain's description as the REST API gives it: HTML, one operator a line
     * ({@code <br/>}), the rest indented under the first.
     */
    static String firstOperator(String chain) {
        return chain.split("<br/>|\n", 2)[0].replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Every job the cluster knows, newest first. */
    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> out = new ArrayList<>();
        for (JsonNode j : call("GET", "/jobs/overview", null).path("jobs")) {
            out.add(new Job(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                    j.path("start-time").asLong(), j.path("duration").asLong()));
        }
        out.sort((a, b) -> Long.compare(b.startTime(), a.startTime()));
        return out;
    }

    /** The class path of the cluster's JobManager (its {@code lib/} jars), as the JobManager reports it. */
    public List<String> classpath() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        call("GET", "/jobmanager/environment", null).path("classpath").forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Cancels a job without a savepoint. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        call("PATCH", "/jobs/" + jobId + "?mode=cancel", null);
    }

    /**
     * Takes a savepoint into {@code directory} (empty: the cluster's {@code execution.checkpointing.savepoint-dir})
     * and waits for it; with {@code stop} the job stops after it (the sources finish cleanly first), otherwise it
     * keeps running.
     *
     * @return the savepoint's path
     */
    public String savepoint(String jobId, Optional<String> directory, boolean stop, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put(stop ? "drain" : "cancel-job", false);
        directory.ifPresent(d -> request.put(stop ? "targetDirectory" : "target-directory", d));
        String body = JSON.writeValueAsString(request);
        JsonNode trigger = call("POST", "/jobs/" + jobId + (stop ? "/stop" : "/savepoints"), body);
        String requestId = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = call("GET", "/jobs/" + jobId + "/savepoints/" + requestId, null);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    // The first line of the cause's stack trace, without its chain of exception class names.
                    String cause = op.path("failure-cause").path("stack-trace").asText().lines().findFirst()
                            .orElse("no cause given").replaceFirst("^(\\S+(Exception|Error): )+", "");
                    throw new JobException("the cluster at " + base + " could not take a savepoint of " + jobId + ": "
                            + cause);
                }
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new JobException("the savepoint of " + jobId + " did not complete within " + timeout.toSeconds()
                + " s; the cluster may still finish it (its web UI at " + base + " shows the job's checkpoints)");
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp;
        long deadline = System.nanoTime() + UNAVAILABLE_WAIT.toNanos();
        while (true) {
            try {
                resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                throw new JobException("no Flink cluster answers at " + base + " (start one with: rtw local up)");
            }
            // 503: a cluster that is starting elects its leader before it serves; the request did nothing yet.
            if (resp.statusCode() != 503 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(UNAVAILABLE_RETRY.toMillis());
        }
        if (resp.statusCode() >= 400 && resp.statusCode() < 500) {
            throw new JobException("the cluster at " + base + " refused " + method + " " + path + ": "
                    + errors(resp.body()));
        }
        if (resp.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + resp.statusCode() + ": " + errors(resp.body()));
        }
        return resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
    }
}
