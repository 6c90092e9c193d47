package io.rtw.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectTest {

    static final Path EXAMPLE = ExampleProject.copy();

    static Project.Options options(Map<String, String> vars) {
        return new Project.Options(Optional.empty(), vars, Secrets.of(Map.of()), Path.of("/srv/rtw"));
    }

    @Test
    void loadsTheExampleWarehouse() {
        Project p = Project.load(EXAMPLE, options(Map.of()));

        assertThat(p.name()).isEqualTo("example");
        assertThat(p.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(p.tables()).extracting(MetaTable::name).containsExactly("app_events");
        assertThat(p.catalogs()).containsEntry("paimon",
                Map.of("type", "paimon", "warehouse", "file:///srv/rtw/warehouse"));
        assertThat(p.variables().get("kafka.bootstrap")).hasValue("127.0.0.1:9092");
    }

    @Test
    void profileAndCommandLineVariablesOverrideDefaults() {
        Project prod = Project.load(EXAMPLE, options(Map.of()).withProfile("prod"));
        assertThat(prod.variables().get("warehouse")).hasValue("hdfs://namenode:8020/rtw/warehouse");
        assertThat(prod.table("app_events").orElseThrow().stream().orElseThrow().options().get("bootstrap-servers"))
                .isEqualTo("kafka-1.prod:9092,kafka-2.prod:9092,kafka-3.prod:9092");

        Project cli = Project.load(EXAMPLE, options(Map.of("kafka.bootstrap", "127.0.0.1:19092")).withProfile("prod"));
        assertThat(cli.variables().get("kafka.bootstrap")).hasValue("127.0.0.1:19092");
    }

    @Test
    void anUnknownProfileIsAnErrorWhereItIsNamedOrTheProfilesAre(@TempDir Path dir) throws IOException {
        int profilesLine = Files.readAllLines(EXAMPLE.resolve("rtw.yaml")).indexOf("profiles:") + 1;
        assertThatThrownBy(() -> Project.load(EXAMPLE, options(Map.of()).withProfile("staging")))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(new Location(EXAMPLE.resolve("rtw.yaml").toString(), profilesLine, 1, "profiles"),
                                "unknown profile 'staging'; profiles: local, prod")));

        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: UTC\nprofiles: {dev: {}}\n"
                + "default-profile: prd\n");
        assertThatThrownBy(() -> Project.load(dir, options(Map.of())))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(new Location(dir.resolve("rtw.yaml").toString(), 4, 1, "default-profile"),
                                "unknown profile 'prd'; profiles: dev")));
    }

    @Test
    void reportsProblemsOfAllFilesTogetherAndDuplicateNames(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: UTC\n");
        Files.createDirectories(dir.resolve("meta"));
        String table = """
                name: %s
                columns: [{name: id, type: %s}]
                stream: {kind: filesystem, path: /a, format: json, fields: {id: STRING}}
                batch: {kind: filesystem, path: /b, format: json, fields: {id: STRING}}
                """;
        Files.writeString(dir.resolve("meta/a.yaml"), table.formatted("one", "STRING"));
        Files.writeString(dir.resolve("meta/b.yaml"), table.formatted("one", "STRING"));
        Files.writeString(dir.resolve("meta/c.yaml"), table.formatted("three", "STRNG"));

        assertThatThrownBy(() -> Project.load(dir, options(Map.of())))
                .isInstanceOfSatisfying(DefinitionException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0).location().file()).endsWith("b.yaml");
                    assertThat(e.problems().get(0).message()).startsWith("meta-table 'one' is already declared in ");
                    assertThat(e.problems().get(1).location().file()).endsWith("c.yaml");
                    assertThat(e.problems().get(1).location().path()).isEqualTo("columns[0].type");
                });
    }

    @Test
    void aDirectoryWithoutRtwYamlHoldsItsMetaTablesItselfNotInSubdirectories(@TempDir Path dir) throws IOException {
        String table = """
                name: %s
                columns: [{name: id, type: STRING}]
                stream: {kind: filesystem, path: /a, format: json, fields: {id: STRING}}
                batch: {kind: filesystem, path: /b, format: json, fields: {id: STRING}}
                """;
        Files.writeString(dir.resolve("clicks.yaml"), table.formatted("clicks"));
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/other.yaml"), "not: [a meta-table");

        assertThat(Project.load(dir, options(Map.of())).tables()).extracting(MetaTable::name).containsExactly("clicks");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> Project.load(empty, options(Map.of()))).isInstanceOf(DefinitionException.class)
                .hasMessageContaining(empty.toAbsolutePath() + ": no rtw.yaml and no meta-table files (*.yaml) in this "
                        + "directory");
    }

    @Test
    void aBadTimeZoneIsLocated(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("rtw.yaml"), "name: t\ntime-zone: Mars/Olympus\n");
        assertThatThrownBy(() -> Project.load(dir, options(Map.of())))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems().get(0))
                        .hasToString(dir.resolve("rtw.yaml").toAbsolutePath() + ":2:12 [time-zone]: unknown time "
                                + "zone 'Mars/Olympus'; use a region id such as Asia/Shanghai or UTC"));
    }
}
