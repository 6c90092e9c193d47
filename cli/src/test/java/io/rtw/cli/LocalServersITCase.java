package io.rtw.cli;

import io.rtw.cli.LocalCommandTest.Run;
import io.rtw.local.LocalServers;
import io.rtw.local.LocalSettings;
import io.rtw.local.Server;
import io.rtw.local.ServerStatus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static io.rtw.cli.LocalCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rtw local up|status|logs|down} against real processes, on free loopback ports. */
class LocalServersITCase {

    @TempDir Path dir;
    private LocalSettings settings;

    @AfterEach
    void leaveNoProcess() {
        if (settings != null) {
            new LocalServers(settings).kill(EnumSet.allOf(Server.class));
        }
    }

    private String[] args(String sub, String... more) {
        List<String> a = new ArrayList<>(List.of(sub, "--work-dir", dir.toString()));
        if (sub.equals("up")) {
            a.addAll(List.of("--kafka-port", "" + settings.kafkaPort(),
                    "--kafka-controller-port", "" + settings.kafkaControllerPort(),
                    "--zookeeper-port", "" + settings.zookeeperPort(),
                    "--hbase-master-port", "" + settings.hbaseMasterPort(),
                    "--hbase-regionserver-port", "" + settings.hbaseRegionServerPort(),
                    "--flink-rest-port", "" + settings.flinkRestPort(),
                    "--flink-rpc-port", "" + settings.flinkRpcPort()));
        }
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void upIsIdempotentStatusShowsAddressesAndDownLeavesNoProcess() {
        settings = LocalSettings.randomPorts(dir);

        Instant t0 = Instant.now();
        Run up = run(args("up"));
        Duration took = Duration.between(t0, Instant.now());
        System.out.println("[LocalServersITCase] rtw local up (kafka, hbase, flink) took " + took.toMillis() + " ms:"
                + System.lineSeparator() + up.out());
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("kafka is ready", "hbase is ready", "flink is ready");

        List<ServerStatus> st = new LocalServers(settings).status();
        assertThat(st).allSatisfy(s -> assertThat(s.running()).as(s.server().id()).isTrue());
        assertThat(st.get(0).address()).isEqualTo("127.0.0.1:" + settings.kafkaPort() + " (bootstrap servers)");
        assertThat(st.get(1).address()).isEqualTo("127.0.0.1:" + settings.zookeeperPort() + " (ZooKeeper quorum)");
        assertThat(st.get(2).address()).isEqualTo("http://127.0.0.1:" + settings.flinkRestPort()
                + " (REST and web UI)");
        assertThat(st.get(2).pids()).hasSize(2);
        List<Long> pids = st.stream().flatMap(s -> s.pids().stream()).toList();

        Run again = run(args("up"));
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("kafka is already running", "hbase is already running",
                "flink is already running").doesNotContain("starting");
        assertThat(new LocalServers(settings).status().stream().flatMap(s -> s.pids().stream()).toList())
                .isEqualTo(pids);

        // Asked for on another port, a running server stays where it is and says so.
        List<String> moved = new ArrayList<>(List.of(args("up", "kafka")));
        moved.set(moved.indexOf("--kafka-port") + 1, String.valueOf(settings.kafkaPort() + 1));
        Run elsewhere = run(moved.toArray(new String[0]));
        assertThat(elsewhere.code()).isZero();
        assertThat(elsewhere.out()).contains("kafka is already running: 127.0.0.1:" + settings.kafkaPort()
                + " (bootstrap servers); asked for 127.0.0.1:" + (settings.kafkaPort() + 1)
                + ": rtw local down kafka first to move it");

        Run status = run(args("status", "--format", "json"));
        assertThat(status.out()).contains("{\"server\":\"kafka\",\"running\":true,\"pids\":[" + pids.get(0) + "]");

        Run logs = run(args("logs", "hbase", "-n", "5"));
        assertThat(logs.code()).isZero();
        assertThat(logs.out().lines()).hasSize(5);

        Run down = run(args("down"));
        assertThat(down.code()).isZero();
        assertThat(down.out()).contains("kafka stopped", "hbase stopped", "flink stopped");
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("pid " + pid + " after down").isEmpty());
        assertThat(new LocalServers(settings).status()).noneMatch(ServerStatus::running);
    }

    @Test
    void aTakenPortIsAUserErrorAndNothingStarts() throws Exception {
        settings = LocalSettings.randomPorts(dir);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), settings.flinkRestPort()));
            Run r = run(args("up", "kafka", "flink"));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("cannot start kafka, flink: in use on 127.0.0.1: flink rest port "
                    + settings.flinkRestPort());
        }
        assertThat(new LocalServers(settings).status()).noneMatch(ServerStatus::running);
    }

    @Test
    void aServerThatIsNotReadyInTimeIsStoppedAndItsLogShown() {
        settings = LocalSettings.randomPorts(dir);
        Run r = run(args("up", "kafka", "--timeout", "1"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kafka failed to start: timed out waiting for")
                .contains("--- last ").contains("kafka.log ---");
        assertThat(new LocalServers(settings).status()).noneMatch(ServerStatus::running);
    }
}
