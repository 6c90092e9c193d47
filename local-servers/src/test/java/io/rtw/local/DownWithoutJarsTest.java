package io.rtw.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code down} stops what a work directory recorded although the servers' jars cannot be found (a Maven repository
 * that moved or was cleaned): stopping needs only the pid files. Each recorded server is an idle JVM carrying the
 * server's marker, as {@code up} would have launched it.
 */
class DownWithoutJarsTest {

    @TempDir Path dir;
    private final List<ProcessHandle> started = new ArrayList<>();
    private String repoBefore;

    @AfterEach
    void leaveNoProcessAndRestoreTheRepository() {
        started.forEach(ProcessHandle::destroyForcibly);
        if (repoBefore == null) {
            System.clearProperty("rtw.maven.repo");
        } else {
            System.setProperty("rtw.maven.repo", repoBefore);
        }
    }

    @Test
    void downStopsEveryRecordedServerWithARepositoryThatDoesNotExist() throws Exception {
        LocalSettings settings = LocalSettings.randomPorts(dir.resolve("work")).withOwner(ProcessHandle.current().pid());
        Path idleClasses = Path.of(Idle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> pidFiles = new ArrayList<>();
        for (Server s : Server.values()) {
            for (ManagedProcess p : ServerNode.of(s, settings).processes()) {
                started.add(p.start(new JavaCommand(List.of("-Xmx32m"), List.of(idleClasses), Idle.class.getName(),
                        List.of(), Map.of()), settings.ownerPid()));
                pidFiles.add(p.pidFile());
            }
        }
        LocalServers servers = new LocalServers(settings);
        assertThat(servers.status()).allMatch(ServerStatus::running);

        repoBefore = System.getProperty("rtw.maven.repo");
        System.setProperty("rtw.maven.repo", dir.resolve("no-such-repository").toString());
        // The precondition: no server's jars can be found now.
        assertThatThrownBy(() -> ServerClasspath.jars("hbase")).isInstanceOf(LocalServersException.class)
                .hasMessageContaining("no-such-repository");

        List<String> progress = new ArrayList<>();
        List<ServerStatus> after = servers.down(EnumSet.allOf(Server.class), progress::add);

        assertThat(after).noneMatch(ServerStatus::running);
        assertThat(progress).contains("kafka stopped", "hbase stopped", "flink stopped");
        assertThat(started).hasSize(4).allSatisfy(h -> assertThat(h.isAlive()).as("pid %d", h.pid()).isFalse());
        assertThat(pidFiles).allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(Files.exists(dir.resolve("no-such-repository"))).isFalse();
    }
}
