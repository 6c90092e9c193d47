package io.rtw.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** What a job submitted to a cluster takes along, given the client's and the cluster's class paths. */
class ClusterJarsTest {

    @TempDir Path dir;

    @Test
    void shipsTheClientJarsTheClusterLacksInClassPathOrder() throws IOException {
        Path flink = jar("client/flink-core-2.1.1.jar");
        Path kafka = jar("client/flink-connector-kafka-5.0.0-2.1.jar");
        Path udf = jar("client/rtw-udf-0.1.0-SNAPSHOT.jar");
        List<String> cluster = List.of("/opt/flink/lib/flink-core-2.1.1.jar", "/opt/flink/lib/log4j-core-2.24.3.jar");

        assertThat(ClusterJars.shipped(List.of(flink, kafka, udf), cluster)).containsExactly(kafka, udf);
    }

    @Test
    void aJarOfAnotherVersionThanTheClustersShips() throws IOException {
        Path json = jar("client/flink-json-2.1.0.jar");

        assertThat(ClusterJars.shipped(List.of(json), List.of("/opt/flink/lib/flink-json-2.1.1.jar")))
                .containsExactly(json);
    }

    @Test
    void aClassDirectoryShipsAsAJarOfItsFilesUnlessTheClusterHasTheSameDirectory() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/io/rtw"));
        Files.writeString(classes.resolve("A.class"), "a");
        Files.createDirectories(dir.resolve("empty"));

        List<Path> shipped = ClusterJars.shipped(List.of(dir.resolve("classes"), dir.resolve("empty"),
                dir.resolve("missing.jar")), List.of());
        assertThat(shipped).hasSize(1);
        try (JarFile jar = new JarFile(shipped.get(0).toFile())) {
            assertThat(Collections.list(jar.entries())).extracting(ZipEntry::getName).containsExactly("io/rtw/A.class");
        }
        assertThat(ClusterJars.shipped(List.of(dir.resolve("classes")), List.of(dir.resolve("classes").toString())))
                .isEmpty();
    }

    private Path jar(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "not really a jar");
    }
}
