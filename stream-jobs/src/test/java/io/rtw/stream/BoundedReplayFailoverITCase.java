package io.rtw.stream;

import io.rtw.runtime.JobSubmitter;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bounded replay ({@code rtw run --bounded}) that loses its TaskManagers mid-stream: it takes no checkpoints,
 * so it starts over from the offsets it fixed when it started, and its Paimon sinks commit once when all input
 * has ended. Every result of the day (per-minute rows, dead letters, late records, the archive, the serving
 * rows) equals the oracle exactly: the first attempt's uncommitted files are never read, nothing is doubled. Before
 * the loss, the replay's consumer group is moved to the topic's end, as a live stream job of the same group does
 * on each checkpoint: the restart must still read from where the replay started.
 */
class BoundedReplayFailoverITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A day of its own, so its serving rows meet no other test's rows. */
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    @TempDir static Path home;
    static List<ExampleDay.Message> messages;
    static TestCluster cluster;
    static String jobId;
    /** The job as the test saw it when it terminated the TaskManagers. */
    static JsonNode atKill;
    static String progress;

    @BeforeAll
    static void replayADayThroughATaskManagerLoss() throws Exception {
        messages = ExampleSetup.produce(KAFKA, new ExampleDay.Spec(DAY, SHANGHAI, 40_000, 2_000, 12, 15, 9L));
        // The broker's consumer quota holds the first attempt's reading to about a minute on any machine, so the
        // kill comes while the source reads (how fast a machine reads decided it before, and a fast one finished
        // first); the quota is lifted before the kill, so the attempt after it reads at full speed.
        consumerQuota((double) Math.max(1, messages.stream().mapToLong(m -> m.json().length()).sum() / 60));
        Project project = ExampleSetup.project(KAFKA, HBASE, home, "replay-it", Map.of());
        cluster = TestCluster.start();
        JobRequest spec = new JobRequest(project, project.dir().resolve("jobs/app_uv.sql"), Mode.STREAM,
                Optional.of(DAY), new RunOptions(cluster.target(), true, Optional.empty(),
                Map.of("parallelism.default", "2")));
        StringWriter out = new StringWriter();
        // A bounded run returns when the job has finished: it runs beside the test, which kills the TaskManagers,
        // on a thread of its own (which takes the test's class loader for Flink's factory discovery).
        ExecutorService replay = Executors.newSingleThreadExecutor();
        Future<JobSubmitter.Outcome> run = replay.submit(() -> StreamRuns.run(spec, Secrets.of(Map.of()),
                new PrintWriter(out, true)));
        replay.shutdown();
        atKill = TestCluster.await("the replay writing records", () -> {
            if (run.isDone()) {
                throw new AssertionError("the replay ended before the TaskManagers went: " + out + ended(run));
            }
            JsonNode jobs = cluster.answer("/jobs");
            if (jobs == null || jobs.path("jobs").isEmpty()) {
                return null;
            }
            JsonNode job = cluster.answer("/jobs/" + jobs.path("jobs").get(0).path("id").asText());
            // The metrics of the job's answer lag up to a second behind its tasks: the source's state decides. A
            // source subtask may finish its partition while the other still starts: one still reading is mid-stream.
            return job != null && job.path("state").asText().equals("RUNNING") && TestCluster.source(job)
                    .map(v -> v.path("tasks").path("RUNNING").asInt() > 0).orElse(false) ? job : null;
        });
        moveTheGroupToTheEnd(project.variables().get("kafka.group").orElseThrow());
        consumerQuota(null);
        cluster.replaceTaskManagers();
        jobId = run.get(3, TimeUnit.MINUTES).jobId().orElseThrow();
        progress = out.toString();
    }

    /** Sets (or with null removes) the broker's default per-client fetch quota, in bytes per second. */
    private static void consumerQuota(Double bytesPerSecond) throws Exception {
        Map<String, String> anyClient = new HashMap<>();
        anyClient.put(ClientQuotaEntity.CLIENT_ID, null);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(anyClient),
                    List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", bytesPerSecond)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Commits the topic's end offsets for {@code group}, as a live job of that group would after reading them. */
    private static void moveTheGroupToTheEnd(String group) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition("app_events", 0), OffsetSpec.latest(),
                    new TopicPartition("app_events", 1), OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** How a finished run ended: its exception, or that it finished. */
    private static String ended(Future<JobSubmitter.Outcome> run) throws InterruptedException {
        try {
            run.get();
            return "finished";
        } catch (ExecutionException e) {
            return e.getCause().toString();
        }
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        consumerQuota(null);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theReplayFailedMidStreamAndStartedOverWithoutACheckpoint() throws Exception {
        assertThat(atKill.path("jid").asText()).isEqualTo(jobId);
        // The cluster's per-job answers come from a cache that may still hold the running job for a few seconds
        // (web.refresh-interval): the run read the job's failures from it while it waited.
        TestCluster.await("the job FINISHED as the cluster reports it",
                () -> cluster.get("/jobs/" + jobId).path("state").asText().equals("FINISHED") ? Boolean.TRUE : null);
        assertThat(cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries"))
                .as("the job's failures").isNotEmpty();
        JsonNode checkpoints = cluster.get("/jobs/" + jobId + "/checkpoints");
        assertThat(checkpoints.path("counts").path("completed").asLong()).as("checkpoints: %s", checkpoints).isZero();
        assertThat(progress).contains("replaying").doesNotContain("warning")
                .containsPattern("(?m)^job " + jobId + " failed \\(1 time\\) and restarts: \\w+")
                .containsPattern("(?m)^job " + jobId + ": [1-9][0-9,]* records read \\([0-9,]+/s\\)$");
    }

    @Test
    void everyMinuteWithEventsEqualsTheOracle() throws Exception {
        assertThat(rows("SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute WHERE dt = '"
                + DAY + "'"))
                .as("the run's progress:%n%s", progress)
                .containsExactlyElementsOf(ExampleOracle.minuteRows(messages, DAY, SHANGHAI));
    }

    @Test
    void deadLettersLateRecordsAndTheArchiveHoldEachRecordOnce() throws Exception {
        long malformed = ExampleOracle.count(messages, ExampleDay.Kind.MALFORMED);
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT `offset` * 10 + `partition`) FROM "
                + "paimon.ods.app_events_dead_letter")).as("the run's progress:%n%s", progress).containsExactly("+I[" + malformed + ", " + malformed + "]");
        assertThat(rows("SELECT event_id FROM paimon.ods.app_events_late"))
                .containsExactlyElementsOf(ids(m -> m.kind() == ExampleDay.Kind.LATE));
        assertThat(rows("SELECT event_id FROM paimon.ods.app_events WHERE dt = '" + DAY + "'"))
                .containsExactlyElementsOf(ids(m -> m.kind() != ExampleDay.Kind.MALFORMED));
    }

    @Test
    void theServingRowsHoldEachChannelsLastMinute() throws Exception {
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "day_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, false));
    }

    private static List<String> ids(Predicate<ExampleDay.Message> which) {
        return ExampleOracle.ids(messages, which);
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
