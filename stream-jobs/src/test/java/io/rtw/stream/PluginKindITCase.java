package io.rtw.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtw.meta.Mode;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;
import io.rtw.runtime.JobRequest;
import io.rtw.runtime.RunOptions;
import io.rtw.runtime.Target;
import io.rtw.test.TestFlink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream source kind that only tests know ({@link LinesBindingFactory}, in test sources with its own services file)
 * runs as a bounded replay through {@code rtw run}'s code path: the replay fixes its extent, its malformed lines
 * reach the dead-letter table with their reasons, the job's rows equal a plain-Java count, and the run compiles the
 * meta-table exactly once.
 */
class PluginKindITCase {

    private static final Pattern GOOD = Pattern.compile("\\{\"id\":\"(\\w+)\",\"user_id\":(\\d+)}");

    @TempDir Path home;

    @Test
    void aKindOfItsOwnReplaysWithDeadLettersAndIsCompiledOnce() throws Exception {
        Path input = Files.createDirectories(home.resolve("input"));
        List<String> first = List.of(click("a", 1), click("b", 2), "{\"id\":\"c\",\"user_id\":", click("d", 1));
        List<String> second = List.of(click("e", 3), "{\"id\":\"f\",\"user_id\":\"x\"}", click("g", 1));
        Files.write(input.resolve("part-1.json"), first);
        Files.write(input.resolve("part-2.json"), second);
        Project project = project(input);
        List<String> lines = new ArrayList<>(first);
        lines.addAll(second);
        Map<Long, Long> expected = new TreeMap<>();
        List<String> malformed = new ArrayList<>();
        for (String line : lines) {
            Matcher m = GOOD.matcher(line);
            if (m.matches()) {
                expected.merge(Long.parseLong(m.group(2)), 1L, Long::sum);
            } else {
                malformed.add(line);
            }
        }

        StringWriter out = new StringWriter();
        int before = LinesBindingFactory.COMPILED.get();
        StreamRuns.run(new JobRequest(project, project.dir().resolve("jobs/clicks.sql"), Mode.STREAM,
                Optional.of(LocalDate.of(2026, 12, 7)), new RunOptions(Target.local(), true, Optional.empty(),
                Map.of())), Secrets.of(Map.of()), new PrintWriter(out, true));

        assertThat(LinesBindingFactory.COMPILED.get() - before).as("compilations of the meta-table in one run")
                .isEqualTo(1);
        assertThat(out.toString()).contains("replaying clicks: 2 files, 7 lines");
        List<String> rows = new ArrayList<>();
        expected.forEach((user, n) -> rows.add("+I[" + user + ", " + n + "]"));
        assertThat(TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")),
                "SELECT user_id, clicks FROM paimon.ads.clicks_per_user")).containsExactlyElementsOf(rows);
        assertThat(TestFlink.rows(TestFlink.warehouse(home.resolve("warehouse")),
                "SELECT payload FROM paimon.ods.clicks_dead_letter ORDER BY payload"))
                .containsExactlyElementsOf(malformed.stream().sorted().map(l -> "+I[" + l + "]").toList());
    }

    private Project project(Path input) throws Exception {
        Path dir = Files.createDirectories(home.resolve("project/meta"));
        Files.createDirectories(home.resolve("project/jobs"));
        Files.writeString(home.resolve("project/rtw.yaml"), """
                name: plugin
                time-zone: Asia/Shanghai
                catalogs:
                  paimon: {type: paimon, warehouse: "file://%s"}
                """.formatted(home.resolve("warehouse")));
        Files.writeString(dir.resolve("clicks.yaml"), """
                name: clicks
                columns:
                  - {name: id, type: STRING}
                  - {name: user_id, type: BIGINT}
                stream:
                  kind: test-lines
                  path: %s
                  dead-letter-table: paimon.ods.clicks_dead_letter
                  fields: {id: STRING, user_id: BIGINT}
                batch:
                  kind: paimon
                  database: ods
                  table: clicks
                  fields: {id: STRING, user_id: BIGINT}
                """.formatted(input));
        Files.writeString(home.resolve("project/jobs/clicks.sql"), """
                CREATE DATABASE IF NOT EXISTS paimon.ads;
                CREATE TABLE IF NOT EXISTS paimon.ads.clicks_per_user (
                  user_id BIGINT, clicks BIGINT, PRIMARY KEY (user_id) NOT ENFORCED);
                INSERT INTO paimon.ads.clicks_per_user SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;
                """);
        return Project.load(dir.getParent(), new Project.Options(Optional.empty(), Map.of(), Secrets.of(Map.of()),
                home));
    }

    private static String click(String id, long user) {
        return "{\"id\":\"" + id + "\",\"user_id\":" + user + "}";
    }
}
