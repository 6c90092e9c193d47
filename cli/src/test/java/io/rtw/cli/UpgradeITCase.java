package io.rtw.cli;

import io.rtw.connector.kafka.KafkaLines;
import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.local.junit.KafkaExtension;
import io.rtw.stream.ExampleDay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rtw jobs upgrade} on the standalone Flink cluster of {@code rtw local up}: the stream job
 * {@code channel_pv.sql} runs over the first part of a day; an upgrade whose aggregation would be another one is
 * refused with the operator named and leaves it running; an upgrade to a version whose result table has one more
 * column is refused until the column is added; then the job is upgraded mid-day, the rest of the day arrives, and
 * every channel's row, the new column included, equals plain Java over the whole day: nothing lost, nothing counted
 * twice.
 */
class UpgradeITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    private static final String V2 = "src/test/resources/upgrade/channel_pv_v2.sql";
    private static final String PER_USER = "src/test/resources/upgrade/channel_pv_per_user.sql";

    @TempDir static Path home;
    static LocalServers flink;
    static String target;
    static ChannelPvJob job;
    static List<ExampleDay.Message> messages;
    static List<ExampleDay.Message> afterUpgrade;
    static String oldJob;
    static String newJob;
    static RtwTest.Run perUser;
    static RtwTest.Run undeclared;
    static RtwTest.Run upgraded;
    static String listAfterRefusals;
    static String listAfterUpgrade;

    @BeforeAll
    static void runUpgradeMidDayAndFinishTheDay() throws Exception {
        flink = new LocalServers(LocalSettings.randomPorts(home.resolve("local")).withOwner(ProcessHandle.current().pid())
                .withStartTimeout(Duration.ofMinutes(3)));
        flink.up(EnumSet.of(Server.FLINK), line -> { });
        target = "127.0.0.1:" + flink.settings().flinkRestPort();
        job = new ChannelPvJob(KAFKA.bootstrapServers(), home.resolve("warehouse"), "upgrade-it");
        messages = ExampleDay.generate(new ExampleDay.Spec(DAY, ZoneId.of("Asia/Shanghai"), 1200, 300, 6, 0, 5L));
        int third = messages.size() / 3;
        afterUpgrade = messages.subList(2 * third, messages.size());
        KafkaLines kafka = new KafkaLines(KAFKA.bootstrapServers());
        kafka.recreateTopic("app_events", 2);

        ChannelPvJob.send(kafka, messages.subList(0, third));
        oldJob = ChannelPvJob.submitted(ok(rtw("run", ChannelPvJob.FILE, "--mode", "stream", "--bizdate",
                DAY.toString())));
        ChannelPvJob.await(() -> job.pv() == ChannelPvJob.valid(messages.subList(0, third)));

        perUser = rtw("jobs", "upgrade", oldJob, "--file", PER_USER, "--bizdate", DAY.toString());
        ChannelPvJob.send(kafka, messages.subList(third, 2 * third));
        undeclared = rtw("jobs", "upgrade", oldJob, "--file", V2, "--bizdate", DAY.toString());
        listAfterRefusals = ok(rtw("jobs", "list")).out();

        ok(rtw("query", "ALTER TABLE paimon.ads.channel_pv ADD repeat_views BIGINT"));
        upgraded = ok(rtw("jobs", "upgrade", oldJob, "--file", V2, "--bizdate", DAY.toString()));
        newJob = upgraded.out().strip();
        ChannelPvJob.send(kafka, afterUpgrade);
        ChannelPvJob.await(() -> job.pv() >= ChannelPvJob.valid(messages));
        listAfterUpgrade = ok(rtw("jobs", "list")).out();
        ok(rtw("jobs", "cancel", newJob));
    }

    @AfterAll
    static void stopFlink() {
        if (flink != null) {
            flink.down(EnumSet.of(Server.FLINK), line -> { });
        }
    }

    @Test
    void theUpgradedJobsRowsEqualTheOracleOverTheWholeDay() {
        // Each channel has views after the upgrade, so the new version rewrote every row with the new column.
        Set<String> channels = new HashSet<>();
        afterUpgrade.stream().filter(m -> m.kind() == ExampleDay.Kind.VALID).forEach(m -> channels.add(m.channel()));
        assertThat(channels).hasSize(ChannelPvJob.expectedRows(messages).size());
        assertThat(job.query("SELECT channel, pv, uv, repeat_views FROM paimon.ads.channel_pv ORDER BY channel"))
                .isEqualTo(expectedRows(messages));
    }

    @Test
    void theArchiveHoldsEveryValidRecordOnce() {
        long valid = ChannelPvJob.valid(messages);
        assertThat(job.query("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM paimon.ods.app_events"))
                .containsExactly(valid + "," + valid);
    }

    @Test
    void theUpgradeStoppedTheOldJobAndStartedTheNewOneFromItsSavepoint() {
        assertThat(newJob).matches("[0-9a-f]{32}").isNotEqualTo(oldJob);
        assertThat(upgraded.err()).contains("stopped job " + oldJob + " with a savepoint: ")
                .contains("upgraded job " + oldJob + " to job " + newJob);
        assertThat(ChannelPvJob.line(listAfterUpgrade, oldJob)).contains("FINISHED");
        assertThat(ChannelPvJob.line(listAfterUpgrade, newJob)).contains("RUNNING");
    }

    @Test
    void aVersionWithAnotherAggregationIsRefusedNamingItAndTheOldJobKeepsRunning() {
        assertThat(perUser.code()).as(perUser.err()).isEqualTo(1);
        // The per-user aggregation takes the per-channel one's place (and id); the nodes after it move, and with them
        // the ids of Paimon's writer and committers, which have no uids.
        assertThat(perUser.err()).contains("keeps the ids of 1 of the 8 operators with state in job " + oldJob
                + " for another operation, and Flink would restore their state into it:\n"
                + "  - GroupAggregate[4] (uid 4_group-aggregate), id ")
                .contains("      was: [4]:GroupAggregate(groupBy=[channel], select=[channel, SUM(pv) AS EXPR$1, "
                        + "bitmap64_build(user_id) AS $f2])\n"
                        + "      now: [4]:GroupAggregate(groupBy=[channel, user_id], select=[channel, user_id, "
                        + "SUM(pv) AS pv])\n")
                .contains("lacks 6 of the 8 operators with state in job " + oldJob + ", whose state would be dropped:")
                .contains("  - Writer : channel_pv, id ")
                .contains("Nothing was stopped: job " + oldJob + " keeps running.")
                .doesNotContain("stopped job " + oldJob);
        assertThat(ChannelPvJob.line(listAfterRefusals, oldJob)).contains("RUNNING");
        assertThat(listAfterRefusals.lines().filter(l -> l.contains("RUNNING"))).hasSize(1);
    }

    @Test
    void aVersionWhoseTableLacksItsNewColumnIsRefusedBeforeAnythingStops() {
        assertThat(undeclared.code()).as(undeclared.err()).isEqualTo(1);
        assertThat(undeclared.err()).contains("column repeat_views BIGINT is declared, not in the table")
                .contains("ALTER TABLE `paimon`.`ads`.`channel_pv` ADD `repeat_views` BIGINT AFTER `uv`")
                .doesNotContain("savepoint");
    }

    /** The rows of channel_pv_v2.sql over {@code day}: channel_pv.sql's and the views beyond each user's first. */
    private static List<String> expectedRows(List<ExampleDay.Message> day) {
        return ChannelPvJob.expectedRows(day).stream().map(row -> {
            String[] f = row.split(",");
            return row + "," + (Long.parseLong(f[1]) - Long.parseLong(f[2]));
        }).toList();
    }

    /**
     * Runs {@code rtw} against the test's cluster, with the example project, warehouse, Kafka group and checkpoints;
     * a command that plans a job in a JVM of its own, as a user runs it.
     */
    private static RtwTest.Run rtw(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        boolean plans = args[0].equals("run") || args.length > 1 && args[1].equals("upgrade");
        if (args[0].equals("jobs") || args[0].equals("run")) {
            all.addAll(List.of("--target", target));
        }
        if (plans || args[0].equals("query")) {
            all.addAll(job.projectOptions());
        }
        if (plans) {
            all.addAll(List.of("-D", "execution.checkpointing.interval=1 s",
                    "-D", "execution.checkpointing.dir=" + home.resolve("checkpoints").toUri()));
        }
        return plans ? ChannelPvJob.launch(home, all) : RtwTest.run(all.toArray(String[]::new));
    }

    private static RtwTest.Run ok(RtwTest.Run run) {
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }

}
