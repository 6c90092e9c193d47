package io.rtw.cli;

import io.rtw.local.LocalServers;
import io.rtw.test.TestFlink;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job artifact runs a project's job with nothing beside it but Flink's {@code lib/} and Hadoop's client (what a
 * cluster that runs Paimon provides): its entry class writes the project out, compiles it and runs the job, and the
 * day's rows equal a plain-Java count over the same input.
 */
class JobArtifactITCase {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir static Path home;
    static Path project;
    static JobArtifact.Built built;
    /** Per shop: the sum of amounts and the distinct buyers, from the orders as written. */
    static final Map<String, long[]> ORACLE = new TreeMap<>();

    @BeforeAll
    static void projectAndArtifact() throws Exception {
        project = Files.createDirectories(home.resolve("project"));
        Files.createDirectories(project.resolve("meta"));
        Files.createDirectories(project.resolve("jobs"));
        Path orders = Files.createDirectories(home.resolve("orders"));
        Files.writeString(project.resolve("rtw.yaml"), """
                name: artifact_check
                catalogs:
                  paimon: {type: paimon, warehouse: "${warehouse}"}
                vars:
                  warehouse: file://%s
                """.formatted(home.resolve("warehouse")));
        Files.writeString(project.resolve("meta/orders.yaml"), """
                name: orders
                columns:
                  - {name: shop, type: STRING}
                  - {name: user_id, type: BIGINT}
                  - {name: amount, type: BIGINT}
                stream: {kind: filesystem, path: %1$s, format: json, fields: {shop: STRING, user_id: BIGINT, amount: BIGINT}}
                batch: {kind: filesystem, path: %1$s, format: json, fields: {shop: STRING, user_id: BIGINT, amount: BIGINT}}
                """.formatted(orders));
        // rtw's functions come from the artifact too.
        Files.writeString(project.resolve("jobs/gmv.sql"), """
                CREATE DATABASE IF NOT EXISTS paimon.ads;
                CREATE TABLE IF NOT EXISTS paimon.ads.gmv_day (dt STRING, shop STRING, gmv BIGINT, buyers BIGINT,
                  PRIMARY KEY (dt, shop) NOT ENFORCED) WITH ('bucket' = '1');
                INSERT INTO paimon.ads.gmv_day
                SELECT '${bizdate}', shop, SUM(amount), bitmap64_cardinality(bitmap64_build(user_id))
                FROM orders GROUP BY shop;
                """);
        Random random = new Random(7);
        Map<String, Set<Long>> buyers = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String shop = "s" + (i % 3);
            long user = 1 + random.nextInt(500);
            lines.add("{\"shop\": \"" + shop + "\", \"user_id\": " + user + ", \"amount\": " + i + "}");
            ORACLE.computeIfAbsent(shop, k -> new long[2])[0] += i;
            buyers.computeIfAbsent(shop, k -> new HashSet<>()).add(user);
        }
        buyers.forEach((shop, users) -> ORACLE.get(shop)[1] = users.size());
        Files.write(orders.resolve("part-0.json"), lines, StandardCharsets.UTF_8);
        built = JobArtifact.build(clientClasspath(), LocalServers.flinkLibraryJarNames(), project, null,
                home.resolve("rtw-job.jar"));
    }

    /** The class path the rtw command runs with: its jar and its runtime dependencies as the build wrote them. */
    static List<Path> clientClasspath() throws Exception {
        List<Path> cp = new ArrayList<>(List.of(Path.of("target/rtw-cli.jar")));
        Stream.of(Files.readString(Path.of("target/classpath.txt")).trim().split(File.pathSeparator))
                .map(Path::of).forEach(cp::add);
        return cp;
    }

    @Test
    void holdsWhatTheClusterLacksAndTheProject() throws Exception {
        try (JarFile jar = new JarFile(built.jar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ClusterMain.class.getName());
            // Flink's own classes stay in the cluster's lib/; the connectors, formats and rtw travel.
            assertThat(jar.getEntry("org/apache/flink/table/api/TableEnvironment.class")).isNull();
            assertThat(jar.getEntry("org/apache/flink/connector/kafka/source/KafkaSource.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/paimon/flink/FlinkCatalogFactory.class")).isNotNull();
            assertThat(jar.getEntry("io/rtw/runtime/JobSubmitter.class")).isNotNull();
            assertThat(jar.getEntry("rtw-project/rtw.yaml")).isNotNull();
            assertThat(jar.getEntry("rtw-project/jobs/gmv.sql")).isNotNull();
            // Service files of every jar merged: rtw's format and sink factories and Paimon's catalog factory.
            String factories = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/org.apache.flink.table.factories.Factory")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(factories.lines()).contains("io.rtw.connector.kafka.RtwJsonFormatFactory",
                    "org.apache.paimon.flink.FlinkCatalogFactory")
                    .anyMatch(l -> l.startsWith("io.rtw.kv.hbase."));
            assertThat(new String(jar.getInputStream(jar.getEntry(JobArtifact.INDEX)).readAllBytes(),
                    StandardCharsets.UTF_8).lines()).containsExactly("jobs/gmv.sql", "meta/orders.yaml", "rtw.yaml");
        }
        assertThat(built.leftOut()).contains("hadoop-client-api-3.4.2.jar").noneMatch(n -> n.startsWith("rtw-"));
    }

    @Test
    void runsABatchDayWithOnlyFlinksLibBesideIt() throws Exception {
        List<Path> cp = new ArrayList<>(LocalServers.flinkLibraryJars());
        clientClasspath().stream().filter(p -> p.getFileName().toString().startsWith("hadoop-client-"))
                .forEach(cp::add);
        cp.add(built.jar());
        Path log = home.resolve("run.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()),
                ClusterMain.class.getName(), "jobs/gmv.sql", "--mode", "batch", "--bizdate", DAY.toString())
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as(Files.readString(log)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("to the cluster this runs in", "finished job");
        List<String> expected = new ArrayList<>();
        ORACLE.forEach((shop, v) -> expected.add("+I[" + DAY + ", " + shop + ", " + v[0] + ", " + v[1] + "]"));
        assertThat(TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")),
                "SELECT * FROM paimon.ads.gmv_day ORDER BY shop")).containsExactlyElementsOf(expected);
    }
}
