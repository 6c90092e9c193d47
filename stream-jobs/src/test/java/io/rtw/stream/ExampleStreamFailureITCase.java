package io.rtw.stream;

import io.rtw.meta.job.JobCompiler;
import io.rtw.runtime.RunExtras;
import org.apache.flink.configuration.PipelineOptions;
import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.junit.HBaseExtension;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example warehouse's stream job survives the loss of its TaskManagers: a generated day runs through
 * {@code sql/jobs/app_uv.sql} as a production job runs (unbounded), submitted with the runner's remote path to a
 * two-TaskManager cluster in this JVM; once a checkpoint is complete and records flow, both TaskManagers are
 * terminated and the job restarts from its checkpoint on two new ones; when every record is checkpointed it is
 * stopped with a savepoint. Every result of the day (per-minute rows, dead letters, late records, the archive,
 * the serving rows in HBase) equals the oracle: nothing lost, nothing written twice.
 *
 * <p>Unbounded, as production runs, so the job restores a checkpoint; a bounded replay takes none and starts
 * over after a failure ({@link BoundedReplayFailoverITCase}).
 */
class ExampleStreamFailureITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A day of its own, so its serving rows (and the T-1 activity lookup) meet no other test's rows. */
    private static final LocalDate DAY = LocalDate.of(2026, 12, 5);

    @TempDir static Path home;
    static List<ExampleDay.Message> messages;
    static TestCluster cluster;
    static Project project;
    static String jobId;
    /** What the test saw of the job when it terminated the TaskManagers. */
    static JsonNode atKill;
    /** Input offsets committed by completed checkpoints when the TaskManagers were terminated. */
    static long committedAtKill;

    @BeforeAll
    static void runADayThroughATaskManagerLoss() throws Exception {
        // A small day (20,000 events): enough for a failover mid-stream, short on 2 cores.
        messages = ExampleSetup.produce(KAFKA, new ExampleDay.Spec(DAY, SHANGHAI, 20_000, 2_000, 12, 15, 5L));
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        // One event an hour into the next day on each partition: its watermark closes every window of the day.
        long nextDay = DAY.plusDays(1).atTime(1, 0).atZone(SHANGHAI).toInstant().toEpochMilli();
        kafka.send("app_events", List.of(0, 1).stream().map(i -> "{\"event_id\":\"next-day-" + i + "\",\"user_id\":"
                + i + ",\"event_type\":\"view\",\"channel\":\"app\",\"ts\":" + nextDay + ",\"new_user\":0}").toList(),
                n -> { });
        // The serving sink's job-wide rate limit keeps the job running long enough to lose a TaskManager mid-day.
        project = ExampleSetup.project(KAFKA, HBASE, home, "failure-it", Map.of("kv.write.rows_per_second",
                "1000"));

        cluster = TestCluster.start();

        JobRequest spec = new JobRequest(project, project.dir().resolve("jobs/app_uv.sql"), Mode.STREAM,
                Optional.of(DAY), new RunOptions(cluster.target(), false, Optional.empty(),
                Map.of("execution.checkpointing.interval", "1 s", "parallelism.default", "2")));
        jobId = StreamRuns.run(spec, Secrets.of(Map.of()), new PrintWriter(new StringWriter())).jobId().orElseThrow();
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers()))) {
            // The source commits its offsets when a checkpoint completes: committed offsets are input a checkpoint holds.
            atKill = TestCluster.await("a completed checkpoint that holds input", () -> {
                JsonNode job = cluster.answer("/jobs/" + jobId);
                String state = job == null ? "INITIALIZING" : job.path("state").asText();
                if (List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                    return job;
                }
                JsonNode checkpoints = state.equals("RUNNING") ? cluster.answer("/jobs/" + jobId + "/checkpoints") : null;
                committedAtKill = committed(admin, "failure-it");
                return checkpoints != null && checkpoints.path("counts").path("completed").asLong() >= 1
                        && committedAtKill > 0 && TestCluster.sourcesStillReading(job) ? job : null;
            });
        }
        // Both TaskManagers go and two fresh ones replace them: the job can only go on by restoring its last
        // checkpoint on new slots.
        cluster.replaceTaskManagers();
        // The source commits offsets when a checkpoint completes: all of them committed means a checkpoint holds
        // every record, and the windows the next-day events closed. Stop-with-savepoint then commits the sinks'
        // last transactions and finishes the job, as `rtw jobs stop` does.
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers()))) {
            TestCluster.await("every record consumed and checkpointed", () -> {
                // A job that gave up restarting fails the test at once, with the reason.
                JsonNode job = cluster.answer("/jobs/" + jobId);
                if (job != null && List.of("FAILED", "CANCELED").contains(job.path("state").asText())) {
                    throw new AssertionError("the job is " + job.path("state").asText() + " after the TaskManagers "
                            + "went: " + cluster.answer("/jobs/" + jobId + "/exceptions").path("root-exception").asText());
                }
                return committed(admin, "failure-it") == messages.size() + 2 ? Boolean.TRUE : null;
            });
        }
        // The client of `rtw jobs stop`: returns once the savepoint completed (and fails if it did not).
        assertThat(new FlinkRest("127.0.0.1", cluster.restPort()).savepoint(jobId,
                Optional.of(home.resolve("savepoints").toUri().toString()), true, Duration.ofMinutes(2))).isNotBlank();
        TestCluster.await("the job stopped with a savepoint", () -> {
            JsonNode job = cluster.answer("/jobs/" + jobId);
            return job != null && job.path("state").asText().equals("FINISHED") ? Boolean.TRUE : null;
        });
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSubmissionShipsNoJarToAClusterThatHasThemAll() {
        RunOptions remote = new RunOptions(cluster.target(), false, Optional.empty(), Map.of());
        assertThat(remote.configuration(JobCompiler.create().tables(project, Mode.STREAM, Optional.of(DAY), false),
                "app_uv.sql", RunExtras.NONE).getOptional(PipelineOptions.JARS)).isEmpty();
    }

    @Test
    void aTaskManagerWasLostMidStreamAndTheJobRestoredFromItsCheckpoint() throws Exception {
        assertThat(atKill.path("state").asText()).as("job state when the TaskManagers were terminated").isEqualTo("RUNNING");
        assertThat(committedAtKill).isPositive();
        assertThat(cluster.get("/jobs/" + jobId).path("state").asText()).isEqualTo("FINISHED");
        JsonNode restored = cluster.get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        assertThat(restored.path("id").asLong()).as("restored checkpoint: %s", restored).isPositive();
        assertThat(restored.path("is_savepoint").asBoolean()).isFalse();
        assertThat(cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries"))
                .as("the job's failures").isNotEmpty();
    }

    @Test
    void everyMinuteWithEventsEqualsTheOracle() throws Exception {
        assertThat(rows("SELECT dt, channel, minute_end, pv, uv, uv_hll FROM paimon.ads.app_uv_minute WHERE dt = '"
                + DAY + "'"))
                .containsExactlyElementsOf(ExampleOracle.minuteRows(messages, DAY, SHANGHAI));
    }

    @Test
    void everyDeadLetterIsWrittenOnce() throws Exception {
        long malformed = ExampleOracle.count(messages, ExampleDay.Kind.MALFORMED);
        assertThat(rows("SELECT COUNT(*), COUNT(DISTINCT `offset` * 10 + `partition`) FROM "
                + "paimon.ods.app_events_dead_letter")).containsExactly("+I[" + malformed + ", " + malformed + "]");
    }

    @Test
    void lateRecordsAreWrittenAtMostOnceAndNoOnTimeRecordAmongThem() throws Exception {
        // Right after a restore the late split sees no watermark (Flink does not checkpoint it) while the window
        // operator has restored its own: a late record read in that gap is dropped by the window (Flink's
        // numLateRecordsDropped) instead of reaching the late table. The archive still holds it (next test).
        List<String> late = rows("SELECT event_id FROM paimon.ods.app_events_late");
        assertThat(late).doesNotHaveDuplicates().isSubsetOf(ids(m -> m.kind() == ExampleDay.Kind.LATE));
    }

    @Test
    void theArchiveHoldsEveryWellFormedRecordOnce() throws Exception {
        // Late records included: the next day's batch run recomputes the day from the archive.
        assertThat(rows("SELECT event_id FROM paimon.ods.app_events WHERE dt = '" + DAY + "'"))
                .containsExactlyElementsOf(ids(m -> m.kind() != ExampleDay.Kind.MALFORMED));
    }

    @Test
    void theServingRowsHoldEachChannelsLastMinute() throws Exception {
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "day_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, false));
        assertThat(ExampleOracle.served(HBASE.clientProperties(), "activity_uv", DAY))
                .containsExactlyElementsOf(ExampleOracle.lastServed(messages, DAY, SHANGHAI, true));
    }

    /** The offsets group {@code group} has committed, summed over the partitions of its topics. */
    private static long committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .values().stream().filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static List<String> ids(Predicate<ExampleDay.Message> which) {
        return ExampleOracle.ids(messages, which);
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
