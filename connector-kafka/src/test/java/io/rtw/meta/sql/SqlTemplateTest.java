package io.rtw.meta.sql;

import io.rtw.meta.DefinitionException;
import io.rtw.meta.Location;
import io.rtw.meta.Mode;
import io.rtw.meta.Problem;
import io.rtw.meta.Project;
import io.rtw.meta.Variables;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTemplateTest {

    private static final Project EXAMPLE = MetaTableCompilerTest.example();

    private static SqlTemplate.Context ctx(Mode mode) {
        return new SqlTemplate.Context(mode, Optional.of(LocalDate.of(2026, 3, 1)),
                Variables.of(Map.of("activity.start", "2026-01-31", "region", "cn")), EXAMPLE.tables());
    }

    @Test
    void substitutesVariablesAndDateArithmetic() {
        String out = SqlTemplate.renderText(
                "'${bizdate}' '${bizdate - 1d}' '${bizdate+1d}' '${bizdate - 2w}' '${bizdate | yyyyMMdd}' "
                        + "'${bizdate - 1d | yyyyMMdd}' '${activity.start + 1month}' '${region}' '${mode}' $${literal}",
                "t.sql", ctx(Mode.STREAM));
        assertThat(out).isEqualTo("'2026-03-01' '2026-02-28' '2026-03-02' '2026-02-15' '20260301' '20260228' "
                + "'2026-02-28' 'cn' 'stream' ${literal}");
    }

    @Test
    void tellsWhetherAColumnIsVirtualInTheMode() {
        assertThat(SqlTemplate.renderText("${virtual:app_events.pv} ${virtual:app_events.user_id}", "t.sql",
                ctx(Mode.BATCH))).isEqualTo("TRUE FALSE");
    }

    @Test
    void conditionalBlocksKeepLineNumbers() {
        String sql = """
                SELECT
                --#if virtual(app_events.pv)
                  COUNT(*) AS pv
                --#else
                  SUM(pv) AS pv
                --#end
                --#if mode == batch
                , 'batch' AS origin
                --#elif mode == stream
                , 'stream' AS origin
                --#end
                FROM app_events""";
        assertThat(SqlTemplate.renderText(sql, "t.sql", ctx(Mode.STREAM)))
                .isEqualTo("SELECT\n\n  COUNT(*) AS pv\n\n\n\n\n\n\n, 'stream' AS origin\n\nFROM app_events");
        assertThat(SqlTemplate.renderText(sql.replace("if virtual", "if not virtual"), "t.sql", ctx(Mode.BATCH)))
                .contains("SUM(pv) AS pv").contains("'batch' AS origin").doesNotContain("COUNT");
    }

    @Test
    void secretsStayReferences() {
        assertThat(SqlTemplate.render("CREATE TABLE x WITH ('password' = '${env:DB_PASSWORD}');", "t.sql",
                ctx(Mode.STREAM)).statements()).containsExactly("CREATE TABLE x WITH ('password' = '${env:DB_PASSWORD}')");
    }

    @Test
    void everyProblemIsLocated() {
        String sql = """
                SELECT '${nope}'
                  , ${virtual:app_events.nothing}
                  , '${region - 1d}'
                --#if weather == sunny
                --#end
                --#if virtual(app_events.pv)
                """;
        assertThatThrownBy(() -> SqlTemplate.render(sql, "job.sql", ctx(Mode.STREAM)))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(new Location("job.sql", 1, 9, ""),
                                "undefined variable 'nope' (did you mean 'mode'?); define it with --var nope=... or in "
                                        + "a profile"),
                        new Problem(new Location("job.sql", 2, 5, ""),
                                "virtual(app_events.nothing): meta-table app_events has no column 'nothing'"),
                        new Problem(new Location("job.sql", 3, 6, ""),
                                "date arithmetic needs a yyyy-MM-dd value, but region is 'cn'"),
                        new Problem(new Location("job.sql", 4, 1, ""), "undefined variable 'weather' in condition"),
                        new Problem(new Location("job.sql", 6, 1, ""), "--#if without a matching --#end: close the "
                                + "block with a --#end line")));
    }

    @Test
    void aLineThatLooksLikeADirectiveAndIsNoneIsRefused() {
        assertThatThrownBy(() -> SqlTemplate.render("SELECT 1\n  --#iff mode == batch\n--#require x\n", "j.sql",
                ctx(Mode.STREAM))).isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem(new Location("j.sql", 2, 3, ""), "unknown directive --#iff; "
                                + "directives are --#if, --#elif, --#else, --#end and --#require")));
    }

    @Test
    void eachColumnOfTheRenderedTextIsToldAsTheColumnWrittenInTheFile() {
        // 'x${region}y' renders as 'xcny' and $${ as ${: columns after them move back to where they were written
        SqlTemplate.Rendered r = SqlTemplate.renderMapped("a\nSELECT 'x${region}y', $${no}, '${activity.start}' z",
                "t.sql", ctx(Mode.STREAM));
        assertThat(r.text()).isEqualTo("a\nSELECT 'xcny', ${no}, '2026-01-31' z");
        String rendered = r.text().lines().toList().get(1);
        String written = "SELECT 'x${region}y', $${no}, '${activity.start}' z";
        for (String code : List.of("y'", "no}", "' z", "z")) {
            assertThat(r.fileColumn(2, rendered.lastIndexOf(code) + 1)).as(code)
                    .isEqualTo(written.lastIndexOf(code) + 1);
        }
        assertThat(r.fileColumn(2, rendered.indexOf("cn") + 2)).isEqualTo(written.indexOf("${region}") + 1);
        assertThat(r.fileColumn(1, 1)).isEqualTo(1);
    }

    @Test
    void bizdateIsRequiredWhenUsed() {
        SqlTemplate.Context noDate = new SqlTemplate.Context(Mode.STREAM, Optional.empty(), Variables.empty(),
                EXAMPLE.tables());
        assertThatThrownBy(() -> SqlTemplate.render("SELECT '${bizdate}'", "j.sql", noDate))
                .hasMessageContaining("j.sql:1:9: ${bizdate} needs a business day: pass --bizdate yyyy-MM-dd");
    }
}
