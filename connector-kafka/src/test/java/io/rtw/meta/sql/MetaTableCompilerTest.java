package io.rtw.meta.sql;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compiled DDL of the example warehouse is pinned by golden files. To accept a deliberate change,
 * run once with {@code -Drtw.golden.update=true} and review the diff of {@code src/test/resources/golden}.
 */
class MetaTableCompilerTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Optional<LocalDate> BIZDATE = Optional.of(LocalDate.of(2026, 11, 21));

    static Project example() {
        return io.rtw.meta.ExampleProject.load(Path.of("/srv/rtw"), Map.of(), Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void compilesTheExampleWarehouseAsTheGoldenFileSays(Mode mode) throws IOException {
        String sql = MetaTableCompiler.create().compile(example(), mode, BIZDATE).toString();
        assertGolden("app_events." + mode.id() + ".sql", sql);
    }

    @Test
    void boundedBatchReadsThePaimonTableByPathWithAnEventTimeThatWaitsForTheEnd() throws IOException {
        Project p = example();
        String sql = MetaTableCompiler.create().compile(p, p.tables(), Mode.BATCH, BIZDATE, true).toString();
        assertGolden("app_events.batch-bounded.sql", sql);
        assertThat(sql).contains("'connector' = 'paimon'", "'scan.bounded' = 'true'",
                "WATERMARK FOR `rtw$event_time` AS CAST(NULL AS TIMESTAMP_LTZ(3))", "`dt` = '2026-11-21'");
    }

    @Test
    void aBoundedBatchScanNeedsAPaimonCatalog(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ncatalogs: {lake: {type: generic_in_memory}}\n");
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/t.yaml"), """
                name: t
                columns: [{name: id, type: STRING}, {name: ts, type: TIMESTAMP(3)}]
                event-time: {column: ts, watermark-delay: 1s}
                stream: {kind: filesystem, path: /a, format: json, fields: {id: STRING, ts: TIMESTAMP(3)}}
                batch: {kind: paimon, catalog: lake, database: ods, table: t, fields: {id: STRING, ts: TIMESTAMP(3)}}
                """);
        Project p = Project.load(dir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), dir));
        assertThat(MetaTableCompiler.create().compile(p, Mode.BATCH, Optional.empty()).toString())
                .contains("FROM `lake`.`ods`.`t`");
        assertThatThrownBy(() -> MetaTableCompiler.create().compile(p, p.tables(), Mode.BATCH, Optional.empty(), true))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("batch kind paimon in catalog 'lake' cannot be read as a bounded stream with an "
                        + "event time; run the job with -D execution.runtime-mode=batch");
    }

    @Test
    void withoutABizdateBatchReadsEveryPartition() {
        Script s = MetaTableCompiler.create().compile(example(), Mode.BATCH, Optional.empty());
        assertThat(s.statements()).filteredOn(st -> st.startsWith("CREATE TEMPORARY VIEW `app_events`"))
                .singleElement().asString().endsWith("FROM `paimon`.`ods`.`app_events`");
    }

    @Test
    void servingTablesAndSecretsCompileAsGoldenAndSecretsNeverShow(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: UTC\n");
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/serving.yaml"), """
                name: uv_serving
                columns:
                  - {name: metric, type: STRING, comment: "metric's name"}
                  - {name: uv, type: BIGINT}
                primary-key: [metric]
                kv: {kind: test-kv, table: uv}
                """);
        Files.writeString(dir.resolve("meta/secure.yaml"), """
                name: secure_events
                columns: [{name: id, type: STRING}]
                stream:
                  kind: kafka
                  topic: events
                  bootstrap-servers: broker:9093
                  startup-mode: latest-offset
                  properties: {sasl.jaas.config: "${env:JAAS}", security.protocol: SASL_SSL}
                  fields: {id: STRING}
                batch: {kind: paimon, warehouse: "s3://lake/${env:BUCKET_KEY}", database: ods, table: events,
                        fields: {id: STRING}}
                """);
        Secrets secrets = Secrets.of(Map.of("JAAS", "password='hunter2'", "BUCKET_KEY", "k3y"));
        Project p = Project.load(dir, new Project.Options(Optional.empty(), Map.of(), secrets, dir));
        MetaTableCompiler compiler = MetaTableCompiler.create();
        String stream = compiler.compile(p, Mode.STREAM, Optional.empty()).toString();
        String batch = compiler.compile(p, Mode.BATCH, Optional.empty()).toString();

        assertGolden("serving-and-secrets.stream.sql", stream);
        assertGolden("serving-and-secrets.batch.sql", batch);
        assertThat(stream + batch).doesNotContain("hunter2").doesNotContain("k3y");
        assertThat(String.join("\n", compiler.compile(p, Mode.STREAM, Optional.empty()).executable(secrets)))
                .contains("'properties.sasl.jaas.config' = 'password=''hunter2'''");
    }

    /** The order recipe of {@code sql/examples/orders}: typed fields, value maps, NOT NULL, dead letters on both sides. */
    static Project orders() {
        return Project.load(Path.of("../sql/examples/orders"), new Project.Options(Optional.empty(),
                Map.of("warehouse", "file:///srv/rtw/warehouse"), Secrets.of(Map.of()), Path.of("/srv/rtw")));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void compilesTheOrderRecipeAsTheGoldenFileSays(Mode mode) throws IOException {
        Project p = orders();
        String sql = MetaTableCompiler.create().compile(p, mode, BIZDATE).toString();
        assertGolden("orders." + mode.id() + ".sql", sql);
        if (mode == Mode.STREAM) {
            assertThat(sql).contains("'rtw-json.decoding' = '{\"pay_time\":{\"format\":\"iso-8601\",\"zone\":"
                    + "\"Asia/Shanghai\"}}'", "'rtw-json.payload' = 'always'",
                    "CAST(CASE `status` WHEN 'PAID' THEN FALSE WHEN 'REFUNDED' THEN TRUE END AS BOOLEAN) AS `refunded`",
                    "CAST(CASE `refunded` WHEN TRUE THEN 'Y' WHEN FALSE THEN 'N' END AS STRING) AS `refund_flag`",
                    "CAST(`amount` AS DECIMAL(12, 2)) AS `pay_amount`",
                    "TRY_CAST((TRY_CAST(NULLIF(coupon, '') AS DECIMAL(12, 2))) AS DECIMAL(12, 2)) AS `discount`");
        } else {
            assertThat(sql).contains("WHEN `refund_flag` IS NOT NULL AND `refund_flag` NOT IN ('Y', 'N') THEN "
                    + "CONCAT('field ''refund_flag'': \"', CAST(`refund_flag` AS STRING), '\" is not one of Y, N')",
                    "PRIMARY KEY (`dt`, `reason`, `payload`) NOT ENFORCED", "WHERE `ds` = '20261121'");
        }
    }

    @Test
    void aBatchSideWithADeadLetterTableWritesItsRefusedRowsThereAndOnlyThen() {
        Project p = orders();
        assertThat(MetaTableCompiler.create().sideInserts(p.tables(), Mode.BATCH).statements()).containsExactly(
                "INSERT INTO `paimon`.`ods`.`orders_di_dead_letter` SELECT * FROM `orders$dead_letter`");
        assertThat(MetaTableCompiler.create().sideInserts(example().tables(), Mode.BATCH).statements()).isEmpty();
        assertThat(MetaTableCompiler.create().sideInserts(p.tables(), Mode.STREAM).statements()).hasSize(3);
    }

    @Test
    void aCatalogNobodyDeclaresIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\n");
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/t.yaml"), """
                name: t
                columns: [{name: id, type: STRING}]
                stream: {kind: filesystem, path: /a, format: json, fields: {id: STRING}}
                batch: {kind: paimon, catalog: lake, database: ods, table: t, fields: {id: STRING}}
                """);
        Project p = Project.load(dir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), dir));
        assertThatThrownBy(() -> MetaTableCompiler.create().compile(p, Mode.BATCH, Optional.empty()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("catalog 'lake' used by t is not declared; add it to catalogs in rtw.yaml or "
                        + "give the binding a warehouse");
    }

    static void assertGolden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!actual.equals(expected) && Boolean.getBoolean("rtw.golden.update")) {
            // Written only when asked, and the run that wrote it fails: a test never passes on what it just wrote.
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            throw new AssertionError("golden file " + file + " rewritten: review its diff, then run again without "
                    + "-Drtw.golden.update");
        }
        assertThat(actual).as("golden file %s", file).isEqualTo(expected);
    }
}
