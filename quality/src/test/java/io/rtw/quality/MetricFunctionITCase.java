package io.rtw.quality;

import io.rtw.test.TestFlink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rtw_metric} in a running stream job on a MiniCluster with its REST API on a loopback port: the gauge and
 * counter appear in the REST API of the job's vertex, and the values reach the Paimon metrics table.
 */
class MetricFunctionITCase {

    @TempDir Path home;

    @Test
    void valuesAppearInTheRestApiAndTheMetricsTable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Configuration conf = new Configuration();
        for (String key : List.of("rest.bind-address", "rest.address", "jobmanager.bind-host", "jobmanager.rpc.address",
                "taskmanager.bind-host", "taskmanager.host")) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("rest.bind-port", String.valueOf(port));
        conf.setString("restart-strategy.type", "none");
        conf.setString("parallelism.default", "1");
        conf.setString("metrics.fetcher.update-interval", "500");
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.newInstance().withConfiguration(conf)
                .inStreamingMode().build());
        String warehouse = "file://" + home.resolve("warehouse");
        env.createTemporarySystemFunction(MetricFunction.NAME, new MetricFunction(warehouse, "quality", "metrics", 500));
        env.executeSql("CREATE TEMPORARY TABLE src (v BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = "
                + "'200', 'fields.v.kind' = 'sequence', 'fields.v.start' = '1', 'fields.v.end' = '1000000')");
        env.executeSql("CREATE TEMPORARY TABLE sink (v BIGINT) WITH ('connector' = 'blackhole')");
        TableResult job = env.executeSql("INSERT INTO sink SELECT rtw_metric('seen_v', v) FROM src");
        String jobId = job.getJobClient().orElseThrow().getJobID().toString();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port + "/jobs/" + jobId;
        String gauge = null;
        String counter = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while ((gauge == null || counter == null) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            String vertices = get(http, base);
            Matcher v = Pattern.compile("\"vertices\":\\[\\{\"id\":\"([0-9a-f]+)\"").matcher(vertices);
            if (!v.find()) {
                continue;
            }
            String metrics = get(http, base + "/vertices/" + v.group(1) + "/metrics");
            Matcher g = Pattern.compile("\"id\":\"([^\"]*rtw_metric\\.seen_v)\"").matcher(metrics);
            Matcher c = Pattern.compile("\"id\":\"([^\"]*rtw_metric\\.seen_v_count)\"").matcher(metrics);
            if (g.find() && c.find()) {
                String values = get(http, base + "/vertices/" + v.group(1) + "/metrics?get=" + g.group(1) + ","
                        + c.group(1));
                Matcher gv = Pattern.compile("\"id\":\"" + Pattern.quote(g.group(1)) + "\",\"value\":\"([0-9.]+)\"")
                        .matcher(values);
                Matcher cv = Pattern.compile("\"id\":\"" + Pattern.quote(c.group(1)) + "\",\"value\":\"([0-9]+)\"")
                        .matcher(values);
                if (gv.find() && cv.find() && Long.parseLong(cv.group(1)) > 0) {
                    gauge = gv.group(1);
                    counter = cv.group(1);
                }
            }
        }
        assertThat(gauge).as("gauge rtw_metric.seen_v in the REST API").isNotNull();
        // The sequence starts at 1, so after n values the last one is n (the gauge may lag the counter a little).
        assertThat(Double.parseDouble(gauge)).isPositive().isLessThanOrEqualTo(Long.parseLong(counter) + 1000);
        Thread.sleep(1500);
        job.getJobClient().orElseThrow().cancel().get();

        TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.newInstance().withConfiguration(conf)
                .inBatchMode().build());
        batch.executeSql("CREATE CATALOG paimon WITH ('type' = 'paimon', 'warehouse' = '" + warehouse + "')");
        List<String> rows = TestFlink.rows(batch, "SELECT name, SUM(`count`), SUM(`sum`), MAX(`last`) FROM "
                + "paimon.quality.metrics GROUP BY name");
        assertThat(rows).hasSize(1);
        // Oracle: the values recorded are 1..n, so their sum is n(n+1)/2 and the largest is n.
        Matcher m = Pattern.compile("\\+I\\[seen_v, (\\d+), ([0-9.E]+), ([0-9.E]+)]").matcher(rows.get(0));
        assertThat(m.matches()).as(rows.get(0)).isTrue();
        long n = Long.parseLong(m.group(1));
        assertThat(n).isPositive();
        assertThat(Double.parseDouble(m.group(2))).isEqualTo(n * (n + 1) / 2.0);
        assertThat(Double.parseDouble(m.group(3))).isEqualTo((double) n);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
