package io.rtw.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The classpaths the build resolved: complete, and each server's own (no jars of the other servers). */
class ServerClasspathTest {

    private static List<String> names(String server) {
        return ServerClasspath.jars(server).stream().map(Path::getFileName).map(Path::toString).toList();
    }

    @Test
    void kafkaHasTheBrokerAndALog4j2Binding() {
        assertThat(names("kafka"))
                .contains("kafka_2.13-4.3.1.jar", "log4j-slf4j-impl-2.24.3.jar", "log4j-core-2.24.3.jar")
                .noneMatch(n -> n.startsWith("hbase-") || n.startsWith("flink-") || n.startsWith("hadoop-"));
    }

    @Test
    void hbaseHasTheServerOnHadoop3AndLogsThroughLog4j2Only() {
        assertThat(names("hbase"))
                .contains("hbase-server-2.6.4-hadoop3.jar", "hbase-zookeeper-2.6.4-hadoop3.jar",
                        "hadoop-common-3.4.2.jar", "log4j-slf4j-impl-2.24.3.jar", "log4j-1.2-api-2.24.3.jar")
                .noneMatch(n -> n.startsWith("slf4j-reload4j") || n.startsWith("reload4j")
                        || n.startsWith("kafka") || n.startsWith("flink-"));
    }

    @Test
    void flinkHasWhatFlinkDistsLibHolds() {
        assertThat(names("flink"))
                .contains("flink-runtime-2.1.1.jar", "flink-clients-2.1.1.jar", "flink-runtime-web-2.1.1.jar",
                        "flink-table-runtime-2.1.1.jar", "flink-table-planner-loader-2.1.1.jar",
                        "flink-json-2.1.1.jar", "flink-rpc-akka-loader-2.1.1.jar", "log4j-slf4j-impl-2.24.3.jar")
                .noneMatch(n -> n.startsWith("hbase-") || n.startsWith("kafka") || n.startsWith("hadoop-"));
    }

    @Test
    void pathsAreUnderTheLocalMavenRepository() {
        Path repo = ServerClasspath.mavenRepository();
        assertThat(ServerClasspath.jars("kafka")).allSatisfy(p -> assertThat(p).startsWith(repo).isRegularFile());
    }
}
