package io.rtw.cli;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.ApplicationCluster;
import io.rtw.local.LocalServers;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.runtime.FlinkRest;
import io.rtw.stream.ExampleDay;
import io.rtw.stream.ExampleOracle;
import io.rtw.stream.ExampleSetup;
import io.rtw.test.TestFlink;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example stream job in application mode, as production runs it: the project's job artifact in the usrlib/ of a
 * standalone application cluster of one JobManager and two TaskManagers, each its own process, parallelism 4. Mid-day,
 * once a checkpoint holds input, one TaskManager is killed with SIGKILL and a replacement starts (as Kubernetes would
 * start a new pod); the job restores its checkpoint and goes on. The day's rows in Paimon and HBase equal the
 * plain-Java oracle: nothing lost, nothing written twice.
 */
class ApplicationModeITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A day of its own, so its serving rows meet no other test's. */
    private static final LocalDate DAY = LocalDate.of(2026, 12, 6);
    private static final String GROUP = "application-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path home;
    static List<ExampleDay.Message> messages;
    static ApplicationCluster cluster;
    static String jobId;
    static JsonNode atKill;
    static Project project;
    static Deployment deployment;
    static long killedPid;
    static int parallelism;

    @BeforeAll
    static void aDayThroughATaskManagerKill() throws Exception {
        messages = ExampleSetup.produce(KAFKA, new ExampleDay.Spec(DAY, SHANGHAI, 20_000, 2_000, 12, 15, 5L));
        long nextDay = DAY.plusDays(1).atTime(1, 0).atZone(SHANGHAI).toInstant().toEpochMilli();
        // One event an hour into the next day on each partition: its watermark closes every window of the day.
        new KafkaLines(KAFKA.bootstrapServers()).send("app_events", List.of(0, 1).stream().map(i -> "{\"event_id\":"
                + "\"next-day-" + i + "\",\"user_id\":" + i + ",\"event_type\":\"view\",\"channel\":\"app\",\"ts\":"
                + nextDay + ",\"new_user\":0}").toList(), n -> { });
        // The serving sink's job-wide rate limit keeps the job running long enough to lose a TaskManager mid-day.
        Map<String, String> vars = new LinkedHashMap<>(Map.of("kafka.bootstrap", KAFKA.bootstrapServers(),
                "hbase.zookeeper", HBASE.zookeeperAddress(), "kafka.group", GROUP, "watermark.emit", "on-event",
                "warehouse", "file://" + home.resolve("warehouse"), "kv.write.rows_per_second", "1000"));
        project = ExampleSetup.project(KAFKA, HBASE, home, GROUP, vars);
        JobArtifact.Built artifact = JobArtifact.build(JobArtifactITCase.clientClasspath(), LocalServers.flinkLibraryJarNames(),
                Path.of("../sql"), null, home.resolve("rtw-job.jar"));
        // The job as rtw deploy runs it, with the day and the test's servers as arguments.
        deployment = new Deployment("jobs/app_uv.sql", Mode.STREAM, Optional.empty(), 4,
                Map.of("execution.checkpointing.interval", "1 s"));
        List<String> args = new ArrayList<>(deployment.programArgs());
        args.addAll(List.of("--bizdate", DAY.toString()));
        vars.forEach((k, v) -> args.addAll(List.of("--var", k + "=" + v)));
        ApplicationCluster.Spec spec = DeployCommand.clusterSpec(deployment, project, home.resolve("cluster"),
                artifact.jar(), JobArtifactITCase.clientClasspath(), 2, 2);
        cluster = ApplicationCluster.start(new ApplicationCluster.Spec(spec.dir(), spec.artifact(), spec.entryClass(),
                args, spec.taskManagers(), spec.slots(), spec.config(), spec.clusterJars()), Duration.ofMinutes(3));

        try (Admin admin = admin()) {
            atKill = await("a completed checkpoint that holds input", () -> {
                JsonNode jobs = get("/jobs");
                if (jobs == null || jobs.path("jobs").isEmpty()) {
                    return null;
                }
                jobId = jobs.path("jobs").get(0).path("id").asText();
                JsonNode job = get("/jobs/" + jobId);
                String state = job == null ? "" : job.path("state").asText();
                if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                    throw new AssertionError("the job is " + state + " before the kill");
                }
                JsonNode checkpoints = state.equals("RUNNING") ? get("/jobs/" + jobId + "/checkpoints") : null;
                boolean reading = job != null && job.path("vertices").size() > 0 && job.path("vertices").get(0)
                        .path("tasks").path("RUNNING").asInt() == job.path("vertices").get(0).path("parallelism")
                        .asInt();
                return checkpoints != null && checkpoints.path("counts").path("completed").asLong() >= 1
                        && committed(admin) > 0 && reading ? job : null;
            });
        }
        parallelism = atKill.path("vertices").get(0).path("parallelism").asInt();
        killedPid = cluster.taskManagerPids().get(0);
        cluster.killTaskManager(0);
        cluster.startTaskManager();
        try (Admin admin = admin()) {
            await("every record consumed and checkpointed", () -> {
                JsonNode job = get("/jobs/" + jobId);
                if (job != null && List.of("FAILED", "CANCELED").contains(job.path("state").asText())) {
                    throw new AssertionError("the job is " + job.path("state").asText() + " after the kill: "
                            + get("/jobs/" + jobId + "/exceptions").path("root-exception").asText());
                }
                return committed(admin) == messages.size() + 2 ? Boolean.TRUE : null;
            });
        }
        // Two of the four source subtasks read no partition of the two: the day's last windows close once those count
        // as idle (rtw's 30 s; a few seconds would let a backpressured partition fall idle too and its records late),
        // and a checkpoint commits them.
        long minutes = ExampleOracle.minuteRows(messages, DAY, SHANGHAI).size();
        await("the day's minute rows committed", () -> {
            Thread.sleep(2_000);
            return rows("SELECT COUNT(*) FROM paimon.ads.app_uv_minute WHERE dt = '" + DAY + "'")
                    .equals(List.of("+I[" + minutes + "]")) ? Boolean.TRUE : null;
        });
        atStop = get("/jobs/" + jobId + "/checkpoints");
        // As rtw jobs stop does: the sinks commit their last transactions and the job finishes.
        assertThat(new FlinkRest("127.0.0.1", cluster.restPort()).savepoint(jobId,
                Optional.of(home.resolve("savepoints").toUri().toString()), true, Duration.ofMinutes(2))).isNotBlank();
    }

    /** The job's checkpoint statistics just before it was stopped. */
    static JsonNode atStop;

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theJobRanInTheClusterAtParallelismFourAndRestoredACheckpointAfterTheKill() throws Exception {
        assertThat(parallelism).isEqualTo(4);
        assertThat(killedPid).isPositive();
        assertThat(ProcessHandle.of(killedPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(atKill.path("state").asText()).isEqualTo("RUNNING");
        JsonNode restored = atStop.path("latest").path("restored");
        assertThat(restored.path("id").asLong()).as("restored checkpoint: %s", restored).isPositive();
        assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
        assertThat(Files.readString(cluster.jobManagerLog())).contains("to the cluster this runs in");
    }

    @Test
    void theKubernetesManifestCarriesTheFlinkSettingsThisClusterRanWith() {
        Map<String, Object> manifest = new Yaml().load(deployment.kubernetesManifest(project, "registry/rtw:1",
                "rtw-job.jar"));
        @SuppressWarnings("unchecked")
        Map<String, Object> conf = (Map<String, Object>) ((Map<String, Object>) manifest.get("spec"))
                .get("flinkConfiguration");
        assertThat(conf).containsEntry("parallelism.default", "4").containsKey("execution.checkpointing.dir");
        assertThat(cluster.configuration()).containsAllEntriesOf(conf.entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
    }

    @Test
    void everyMinuteWithEventsEqualsTheOracle() throws Exception {
        assertThat(rows("SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute WHERE dt = '"
                + DAY + "'")).containsExactlyElementsOf(ExampleOracle.minuteRows(messages, DAY, SHANGHAI));
    }

    @Test
    void theArchiveHoldsEveryWellFormedRecordOnceAndEveryDeadLetterOnce() throws Exception {
        assertThat(rows("SELECT event_id FROM paimon.ods.app_events WHERE dt = '" + DAY + "'"))
                .containsExactlyElementsOf(ExampleOracle.ids(messages, m -> m.kind() != ExampleDay.Kind.MALFORMED));
        long malformed = ExampleOracle.count(messages, ExampleDay.Kind.MALFORMED);
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT `offset` * 10 + `partition`) FROM "
                + "paimon.ods.app_events_dead_letter")).containsExactly("+I[" + malformed + ", " + malformed + "]");
    }

    @Test
    void theServingRowsHoldEachChannelsLastMinute() throws Exception {
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "day_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, false));
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "activity_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, true));
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers()));
    }

    /** The offsets the job's consumer group committed (a completed checkpoint commits them), summed. */
    private static long committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    /** The REST answer at {@code path}, or null while the cluster does not answer it. */
    private static JsonNode get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cluster.restUrl() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Polls {@code check} until it returns a value; fails after five minutes with what it waited for. */
    private static <T> T await(String what, Callable<T> check) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            T v = check.call();
            if (v != null) {
                return v;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; JobManager log: " + cluster.jobManagerLog());
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
