package io.rtw.kv.hbase;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.meta.sql.MetaTableCompiler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code kind: hbase} in a meta-table's {@code kv:} block, compiled by rtw-meta-table. */
class HBaseBindingFactoryTest {

    private static Project project(Path dir, String kv) throws IOException {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: UTC\n");
        Files.writeString(dir.resolve("meta/uv.yaml"), """
                name: uv_cum
                columns:
                  - {name: metric, type: STRING}
                  - {name: dt, type: STRING}
                  - {name: uv, type: BIGINT}
                primary-key: [metric, dt]
                kv:
                """ + kv);
        return Project.load(dir, new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()), dir));
    }

    @Test
    void compilesToAnRtwHBaseTableWithPassThroughOptions(@TempDir Path dir) throws IOException {
        Project p = project(dir, """
                  kind: hbase
                  table: ads:uv_cum
                  zookeeper-quorum: 10.0.0.5:2181
                  sink.version-column: dt
                  lookup.cache: PARTIAL
                  properties.hbase.client.pause: "50"
                """);
        for (Mode mode : Mode.values()) {
            String ddl = MetaTableCompiler.create().compile(p, mode, Optional.empty()).toString();
            assertThat(ddl).contains("CREATE TEMPORARY TABLE `uv_cum`")
                    .contains("PRIMARY KEY (`metric`, `dt`) NOT ENFORCED")
                    .contains("'connector' = 'rtw-hbase'")
                    .contains("'table-name' = 'ads:uv_cum'")
                    .contains("'zookeeper.quorum' = '10.0.0.5:2181'")
                    .contains("'zookeeper.znode.parent' = '/hbase'")
                    .contains("'column-family' = 'f'")
                    .contains("'row-key.delimiter' = '|'")
                    .contains("'sink.version-column' = 'dt'")
                    .contains("'lookup.cache' = 'PARTIAL'")
                    .contains("'properties.hbase.client.pause' = '50'");
        }
    }

    @Test
    void anUnknownKeyIsRejectedWithTheSupportedOnes(@TempDir Path dir) {
        assertThatThrownBy(() -> project(dir, """
                  kind: hbase
                  table: uv_cum
                  zookeeper: 127.0.0.1:2181
                """))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("zookeeper")
                .hasMessageContaining("zookeeper-quorum");
    }

    @Test
    void aBadDelimiterIsReported(@TempDir Path dir) {
        assertThatThrownBy(() -> project(dir, """
                  kind: hbase
                  table: uv_cum
                  zookeeper-quorum: 127.0.0.1:2181
                  row-key-delimiter: "\\\\"
                """))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("row-key-delimiter must be a non-empty string without a backslash");
    }
}
