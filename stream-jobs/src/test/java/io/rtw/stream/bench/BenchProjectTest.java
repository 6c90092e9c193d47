package io.rtw.stream.bench;

import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmarks' copy of the example project, edited and loaded. */
class BenchProjectTest {

    @TempDir Path tmp;

    @Test
    void theCopyDeclaresStringIdsTheWatermarkDelayAndTheSinkOptions() throws Exception {
        Path to = tmp.resolve("copy");
        BenchProject.copy(Path.of("../sql"), to, Optional.of("STRING"), Optional.of("2s"),
                Map.of("sink.buffer-flush.interval", "200ms"));
        Project p = BenchProject.load(to, Map.of(), tmp.resolve("home"));
        BenchProject.check(p, Optional.of("STRING"), Optional.of("2s"), Map.of("sink.buffer-flush.interval", "200ms"));

        MetaTable events = p.table("app_events").orElseThrow();
        assertThat(events.column("user_id").orElseThrow().type()).isEqualTo("STRING");
        assertThat(events.stream().orElseThrow().fields().get("user_id")).isEqualTo("STRING");
        assertThat(events.batch().orElseThrow().fields().get("user_id")).isEqualTo("STRING");
        assertThat(events.eventTime().orElseThrow().watermarkDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.table("uv_serving").orElseThrow().kv().orElseThrow().options())
                .containsEntry("sink.buffer-flush.interval", "200ms");
        // The job files are the original's, unchanged.
        assertThat(Files.readString(to.resolve("jobs/app_uv.sql")))
                .isEqualTo(Files.readString(Path.of("../sql/jobs/app_uv.sql")));

        List<BenchProject.KvTable> kv = BenchProject.hbaseTables(p);
        assertThat(kv).extracting(BenchProject.KvTable::hbaseTable).containsExactly("rtw_uv_serving");
        assertThat(kv.get(0).primaryKey()).containsExactly("metric", "channel", "dt");
        assertThat(BenchProject.archiveTables(p)).containsExactly("ods.app_events");
        assertThat(BenchProject.sideTables(p)).contains("paimon.ods.app_events", "paimon.ods.app_events_dead_letter",
                "paimon.ods.app_events_late");
    }

    @Test
    void aCopyWithoutTheAskedTypeIsRefused() throws Exception {
        Path to = tmp.resolve("plain");
        BenchProject.copy(Path.of("../sql"), to, Optional.empty(), Optional.empty(), Map.of());
        Project p = BenchProject.load(to, Map.of(), tmp.resolve("home"));
        assertThatThrownBy(() -> BenchProject.check(p, Optional.of("STRING"), Optional.empty(), Map.of()))
                .hasMessageContaining("app_events.user_id is BIGINT, not STRING");
    }
}
