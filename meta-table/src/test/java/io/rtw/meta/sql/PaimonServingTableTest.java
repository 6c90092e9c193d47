package io.rtw.meta.sql;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.binding.BindingFactories;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code kind: paimon} in a {@code kv} block: a read-only rtw-paimon-lookup table on the catalog's warehouse. */
class PaimonServingTableTest {

    private static final String TABLE = """
            name: uv_activity_days
            columns: [ {name: dt, type: STRING}, {name: activity_start, type: STRING}, {name: channel, type: STRING}, \
            {name: bitmap, type: BYTES}, {name: hll, type: BYTES} ]
            primary-key: [dt, activity_start, channel]
            kv:
            """;

    private static final Secrets SECRETS = Secrets.of(Map.of("S3_KEY", "AKIA-not-shown", "S3_SECRET", "s3cr3t"));

    private static Project project(Path dir, String rtwYaml, String kv) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), rtwYaml);
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/uv_activity_days.yaml"), TABLE + kv);
        return Project.load(dir, new Project.Options(Optional.empty(), Map.of(), SECRETS, dir));
    }

    private static final String RTW_YAML = """
            name: t
            catalogs:
              paimon:
                type: paimon
                warehouse: s3://lake/warehouse
                s3.endpoint: http://minio:9000
                s3.access-key: ${env:S3_KEY}
                s3.secret-key: ${env:S3_SECRET}
            """;

    private static final String EXAMPLE = """
              kind: paimon
              catalog: paimon
              database: ads
              table: app_uv_activity_day
              lookup.as-of-column: dt
            """;

    @Test
    void compilesToALookupTableWithTheCatalogsOptionsAndSecretsAsReferences(@TempDir Path dir) throws IOException {
        Project p = project(dir, RTW_YAML, EXAMPLE);
        for (Mode mode : Mode.values()) {
            Script script = MetaTableCompiler.create().compile(p, mode, Optional.empty());
            assertThat(script.statements()).containsExactly("""
                    CREATE CATALOG IF NOT EXISTS `paimon` WITH (
                      'type' = 'paimon',
                      'warehouse' = 's3://lake/warehouse',
                      's3.endpoint' = 'http://minio:9000',
                      's3.access-key' = '${env:S3_KEY}',
                      's3.secret-key' = '${env:S3_SECRET}'
                    )""", """
                    CREATE TEMPORARY TABLE `uv_activity_days` (
                      `dt` STRING,
                      `activity_start` STRING,
                      `channel` STRING,
                      `bitmap` BYTES,
                      `hll` BYTES,
                      PRIMARY KEY (`dt`, `activity_start`, `channel`) NOT ENFORCED
                    ) WITH (
                      'connector' = 'rtw-paimon-lookup',
                      'warehouse' = 's3://lake/warehouse',
                      'catalog.s3.endpoint' = 'http://minio:9000',
                      'catalog.s3.access-key' = '${env:S3_KEY}',
                      'catalog.s3.secret-key' = '${env:S3_SECRET}',
                      'database' = 'ads',
                      'table' = 'app_uv_activity_day',
                      'lookup.as-of-column' = 'dt'
                    )""");
            assertThat(String.join("\n", script.executable(SECRETS)))
                    .contains("'catalog.s3.access-key' = 'AKIA-not-shown'", "'catalog.s3.secret-key' = 's3cr3t'");
        }
    }

    @Test
    void anExplicitWarehouseCreatesItsCatalogAndPassesLookupOptions(@TempDir Path dir) throws IOException {
        Project p = project(dir, "name: t\n", """
                  kind: paimon
                  catalog: lake
                  warehouse: file:///w
                  catalog-options: {fs.oss.endpoint: "oss://x"}
                  database: ads
                  table: app_uv_activity_day
                  lookup:
                    cache: PARTIAL
                    partial-cache.max-rows: "1000"
                """);
        Script script = MetaTableCompiler.create().compile(p, Mode.STREAM, Optional.empty());
        assertThat(script.statements().get(0)).isEqualTo("""
                CREATE CATALOG IF NOT EXISTS `lake` WITH (
                  'type' = 'paimon',
                  'warehouse' = 'file:///w',
                  'fs.oss.endpoint' = 'oss://x'
                )""");
        assertThat(script.statements().get(1)).endsWith("""
                ) WITH (
                  'connector' = 'rtw-paimon-lookup',
                  'warehouse' = 'file:///w',
                  'catalog.fs.oss.endpoint' = 'oss://x',
                  'database' = 'ads',
                  'table' = 'app_uv_activity_day',
                  'lookup.cache' = 'PARTIAL',
                  'lookup.partial-cache.max-rows' = '1000'
                )""");
    }

    @Test
    void theCatalogMustBeADeclaredPaimonCatalog(@TempDir Path dir) throws IOException {
        Project undeclared = project(dir, "name: t\n", EXAMPLE);
        assertThatThrownBy(() -> MetaTableCompiler.create().compile(undeclared, Mode.STREAM, Optional.empty()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("catalog 'paimon' used by uv_activity_days is not declared; add it to catalogs "
                        + "in rtw.yaml or give the binding a warehouse");
        Project other = project(dir, "name: t\ncatalogs: {paimon: {type: generic_in_memory}}\n", EXAMPLE);
        assertThatThrownBy(() -> MetaTableCompiler.create().compile(other, Mode.BATCH, Optional.empty()))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("[uv_activity_days]: kv kind paimon cannot look rows up in catalog 'paimon' of "
                        + "type 'generic_in_memory' (or without a warehouse)");
    }

    @Test
    void jobsWriteThePaimonTableInstead(@TempDir Path dir) throws IOException {
        Project p = project(dir, RTW_YAML, EXAMPLE);
        assertThat(BindingFactories.load().find("paimon").orElseThrow()
                .readOnly(p.table("uv_activity_days").orElseThrow().kv().orElseThrow().options()))
                .contains("paimon.ads.app_uv_activity_day");
    }
}
