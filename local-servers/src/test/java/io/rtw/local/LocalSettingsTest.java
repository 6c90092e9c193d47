package io.rtw.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ports, work directory and their validation. */
class LocalSettingsTest {

    @Test
    void defaultsUseTheUsualPorts() {
        LocalSettings s = LocalSettings.defaults(Path.of("w"));
        assertThat(s.workDir()).isEqualTo(Path.of("w").toAbsolutePath());
        assertThat(List.of(s.kafkaPort(), s.kafkaControllerPort(), s.zookeeperPort(), s.hbaseMasterPort(),
                s.hbaseRegionServerPort(), s.flinkRestPort(), s.flinkRpcPort()))
                .containsExactly(9092, 9093, 2181, 16000, 16020, 8081, 6123);
        assertThat(s.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(s.flinkRestUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(s.ownerPid()).isEmpty();
    }

    @Test
    void randomPortsDifferFromEachOther() {
        LocalSettings s = LocalSettings.randomPorts(Path.of("w"));
        Set<Integer> ports = new HashSet<>(List.of(s.kafkaPort(), s.kafkaControllerPort(), s.zookeeperPort(),
                s.hbaseMasterPort(), s.hbaseRegionServerPort(), s.flinkRestPort(), s.flinkRpcPort()));
        assertThat(ports).hasSize(7).allSatisfy(p -> assertThat(p).isBetween(1024, 65535));
    }

    @Test
    void rejectsAPortGivenTwice() {
        assertThatThrownBy(() -> new LocalSettings(Path.of("w"), 9092, 9092, 2181, 16000, 16020, 8081, 6123, 2,
                Duration.ofSeconds(1), OptionalLong.empty()))
                .isInstanceOf(LocalServersException.class)
                .hasMessage("port 9092 is given to two listeners; every port must differ");
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertThatThrownBy(() -> new LocalSettings(Path.of("w"), 70000, 9093, 2181, 16000, 16020, 8081, 6123, 2,
                Duration.ofSeconds(1), OptionalLong.empty()))
                .isInstanceOf(LocalServersException.class)
                .hasMessage("port 70000 is out of range 1..65535");
    }

    @Test
    void ownerAndTimeoutAreCopiedIntoNewSettings() {
        LocalSettings s = LocalSettings.defaults(Path.of("w")).withOwner(42).withStartTimeout(Duration.ofSeconds(5));
        assertThat(s.ownerPid()).hasValue(42);
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.kafkaPort()).isEqualTo(9092);
    }
}
