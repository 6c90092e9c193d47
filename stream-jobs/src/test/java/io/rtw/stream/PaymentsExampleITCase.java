package io.rtw.stream;

import io.rtw.runtime.FlinkRest;
import io.rtw.runtime.Target;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.JobRequest;
import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.test.TestFlink;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.types.Row;
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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The several-topics recipe ({@code sql/examples/payments}, docs/recipes.md) in both modes on real servers: the app's
 * and the web shop's payments on two topics of two partitions each, read by one meta-table (epoch-second times, string
 * user ids, a channel code through a value map), run unbounded on a Flink cluster until every record is checkpointed
 * and stopped with a savepoint (a bounded replay reads one topic per meta-table), then the same file in batch mode over
 * the archived day. Both runs' rows equal plain Java over the generated payments; every bad record is a dead letter
 * with its topic and reason; the job never failed.
 */
class PaymentsExampleITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final Path PROJECT = Path.of("../sql/examples/payments");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 21);
    private static final List<String> TOPICS = List.of("pay_app", "pay_web");

    /** One generated valid payment of the day. */
    record Payment(String id, String user, long cents, String channel, long paidAt) {}

    @TempDir static Path home;
    static final List<Payment> PAYMENTS = new ArrayList<>();
    static final List<String> DEAD = new ArrayList<>();
    static TestCluster cluster;
    static String jobId;

    @BeforeAll
    static void runBothModes() throws Exception {
        Map<String, List<String>> lines = generate();
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        long sent = 0;
        for (String topic : TOPICS) {
            kafka.recreateTopic(topic, 2);
            sent += kafka.send(topic, lines.get(topic), n -> { });
        }
        long day = sent;
        Project project = Project.load(PROJECT, new Project.Options(Optional.empty(), Map.of(
                "kafka.bootstrap", KAFKA.bootstrapServers(), "kafka.group", "payments-it", "watermark.emit", "on-event",
                "warehouse", "file://" + home.resolve("warehouse")), Secrets.of(Map.of()), home));
        cluster = TestCluster.start();
        Secrets secrets = Secrets.of(Map.of());
        PrintWriter progress = new PrintWriter(new StringWriter());
        jobId = StreamRuns.run(new JobRequest(project, PROJECT.resolve("jobs/payments_day.sql"), Mode.STREAM,
                Optional.of(DAY), new RunOptions(cluster.target(), false, Optional.empty(),
                Map.of("execution.checkpointing.interval", "1 s", "parallelism.default", "2"))), secrets, progress)
                .jobId().orElseThrow();
        // The next day comes after the day: its payments, whose watermark closes the day, are sent once a checkpoint
        // holds every record of the day (in one source, partitions read one after another would otherwise let one
        // topic's next day close the day before the other topic's day is read).
        awaitCommitted(day, "every record of the day checkpointed");
        for (String topic : TOPICS) {
            sent += kafka.send(topic, nextDay(topic), n -> { });
        }
        awaitCommitted(sent, "every record of both topics checkpointed");
        assertThat(new FlinkRest("127.0.0.1", cluster.restPort()).savepoint(jobId,
                Optional.of(home.resolve("savepoints").toUri().toString()), true, Duration.ofMinutes(2))).isNotBlank();
        TestCluster.await("the job stopped with a savepoint", () -> {
            JsonNode job = cluster.answer("/jobs/" + jobId);
            return job != null && job.path("state").asText().equals("FINISHED") ? Boolean.TRUE : null;
        });
        StreamRuns.run(new JobRequest(project, PROJECT.resolve("jobs/payments_day.sql"), Mode.BATCH, Optional.of(DAY),
                new RunOptions(Target.local(), false, Optional.empty(), Map.of())), secrets, progress);
    }

    /** Waits until the job's consumer group has committed {@code offsets} records over both topics. */
    private static void awaitCommitted(long offsets, String what) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers()))) {
            // Offsets are committed when a checkpoint completes: all of them committed means one holds every record.
            TestCluster.await(what, () -> {
                JsonNode job = cluster.answer("/jobs/" + jobId);
                if (job != null && List.of("FAILED", "CANCELED").contains(job.path("state").asText())) {
                    throw new AssertionError("the job is " + job.path("state").asText());
                }
                return admin.listConsumerGroupOffsets("payments-it").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).values().stream().filter(Objects::nonNull)
                        .mapToLong(OffsetAndMetadata::offset).sum() == offsets ? Boolean.TRUE : null;
            });
        }
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * 200 payments through the Shanghai day, alternating topics, with three bad records on each topic.
     */
    private static Map<String, List<String>> generate() {
        Random random = new Random(21);
        Map<String, List<String>> lines = new TreeMap<>();
        TOPICS.forEach(t -> lines.put(t, new ArrayList<>()));
        long t = DAY.atTime(8, 0).atZone(SHANGHAI).toEpochSecond();
        for (int i = 0; i < 200; i++) {
            t += 1 + random.nextInt(200);
            String topic = TOPICS.get(i % 2);
            Payment p = new Payment("p-" + i, "u-" + random.nextInt(30), 1 + random.nextInt(100_000),
                    topic.equals("pay_app") ? "app" : "web", t);
            PAYMENTS.add(p);
            lines.get(topic).add(json(p.id(), p.user(), BigDecimal.valueOf(p.cents(), 2).toPlainString(),
                    topic.equals("pay_app") ? "A" : "W", Long.toString(t)));
            if (i == 100 || i == 101) {
                lines.get(topic).add(json("bad-src-" + i, "u-1", "1.00", "X", Long.toString(t)));
                lines.get(topic).add(json("bad-time-" + i, "u-1", "1.00", "A", "\"yesterday\""));
                lines.get(topic).add(json("bad-amount-" + i, "u-1", "\"1,000.00\"", "W", Long.toString(t)));
                DEAD.add(Row.of(topic, "field 'src': \"X\" is not one of A, W").toString());
                DEAD.add(Row.of(topic, "field 'paid_at': expected TIMESTAMP_LTZ(3) as epoch-seconds, got \"yesterday\"")
                        .toString());
                DEAD.add(Row.of(topic, "field 'amount': expected DECIMAL(10, 2), got \"1,000.00\"").toString());
            }
        }
        DEAD.sort(null);
        return lines;
    }

    /** Payments an hour into the next day, one per key, so every partition of the topic gets one. */
    private static List<String> nextDay(String topic) {
        long nextDay = DAY.plusDays(1).atTime(1, 0).atZone(SHANGHAI).toEpochSecond();
        List<String> out = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            out.add(json("next-" + topic + "-" + k, "u-0", "1", topic.equals("pay_app") ? "A" : "W",
                    Long.toString(nextDay)));
        }
        return out;
    }

    private static String json(String id, String user, String amount, String src, String paidAt) {
        return "{\"pay_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"amount\":" + amount + ",\"src\":\"" + src
                + "\",\"paid_at\":" + paidAt + "}";
    }

    @Test
    void streamRowsEqualTheOracle() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.payments_day_stream WHERE dt = '" + DAY + "'"))
                .containsExactlyElementsOf(oracle());
    }

    @Test
    void batchRowsOverTheArchivedDayEqualTheOracle() throws Exception {
        assertThat(rows("SELECT * FROM paimon.ads.payments_day_batch")).containsExactlyElementsOf(oracle());
    }

    @Test
    void badRecordsOfBothTopicsAreDeadLettersWithTheirTopicAndReasonAndTheJobNeverFailed() throws Exception {
        assertThat(rows("SELECT topic, reason FROM paimon.ods.payments_dead_letter")).containsExactlyElementsOf(DEAD);
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.payments_late")).containsExactly("+I[0]");
        assertThat(cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries"))
                .as("the job's failures").isEmpty();
        assertThat(rows("SELECT COUNT(*) FROM paimon.ods.payments_bad")).containsExactly("+I[0]");
    }

    @Test
    void theArchiveWritesTheChannelCodeOfTheBatchTable() throws Exception {
        long app = PAYMENTS.stream().filter(p -> p.channel().equals("app")).count();
        assertThat(rows("SELECT channel_code, COUNT(*) FROM paimon.ods.payments WHERE dt = '" + DAY + "' GROUP BY "
                + "channel_code")).containsExactly("+I[1, " + app + "]", "+I[2, " + (PAYMENTS.size() - app) + "]");
    }

    /** Per channel of the day: payments, amount to the cent, distinct payers. */
    private static List<String> oracle() {
        TreeMap<String, List<Payment>> byChannel = new TreeMap<>();
        PAYMENTS.forEach(p -> byChannel.computeIfAbsent(p.channel(), k -> new ArrayList<>()).add(p));
        List<String> rows = new ArrayList<>();
        byChannel.forEach((channel, payments) -> {
            BigDecimal amount = BigDecimal.valueOf(0, 2);
            Set<String> payers = new HashSet<>();
            for (Payment p : payments) {
                amount = amount.add(BigDecimal.valueOf(p.cents(), 2));
                payers.add(p.user());
                assertThat(Instant.ofEpochSecond(p.paidAt()).atZone(SHANGHAI).toLocalDate()).isEqualTo(DAY);
            }
            rows.add(Row.of(DAY.toString(), channel, (long) payments.size(), amount, (long) payers.size()).toString());
        });
        rows.sort(null);
        return rows;
    }

    private static List<String> rows(String sql) throws Exception {
        return TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")), sql);
    }
}
