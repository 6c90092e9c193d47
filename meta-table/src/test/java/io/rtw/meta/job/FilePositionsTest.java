package io.rtw.meta.job;

import io.rtw.meta.Mode;
import io.rtw.meta.Variables;
import io.rtw.meta.sql.SqlTemplate;
import io.rtw.meta.sql.Statements;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Planner positions within a statement, told as positions in the job file. */
class FilePositionsTest {

    private static final String FILE = """
            -- Per channel.
            CREATE TABLE IF NOT EXISTS paimon.ads.t (a STRING);

            INSERT INTO paimon.ads.t
            SELECT chanel
            FROM app_events;   INSERT INTO paimon.ads.t SELECT x FROM app_events;
            """;
    private static final List<String> STATEMENTS = Statements.split(FILE);
    private static final FilePositions POSITIONS = new FilePositions(Path.of("jobs/t.sql"),
            new SqlTemplate.Rendered(FILE, Map.of()), STATEMENTS);

    @Test
    void aValidationErrorReadsAsCalcitesMessageAtTheFilesLineAndColumn() {
        String second = STATEMENTS.get(1);
        assertThat(second).startsWith("INSERT INTO paimon.ads.t\nSELECT chanel");

        assertThat(POSITIONS.locate(second, "SQL validation failed. From line 2, column 8 to line 2, column 13: "
                + "Column 'chanel' not found in any table").toString())
                .isEqualTo("jobs/t.sql:5:8: Column 'chanel' not found in any table");
    }

    @Test
    void aPositionOnTheStatementsFirstLineCountsFromWhereTheStatementStarts() {
        String third = STATEMENTS.get(2);
        assertThat(third).isEqualTo("INSERT INTO paimon.ads.t SELECT x FROM app_events");

        assertThat(POSITIONS.locate(third, "From line 1, column 33 to line 1, column 33: Column 'x' not found")
                .toString()).isEqualTo("jobs/t.sql:6:52: Column 'x' not found");
        assertThat(FILE.lines().toList().get(5).charAt(51)).isEqualTo('x');
    }

    @Test
    void aParseErrorKeepsItsMessageBehindTheFilePosition() {
        String message = "SQL parse failed. Encountered \"FROM\" at line 3, column 1.\nWas expecting one of: ...";

        assertThat(POSITIONS.locate(STATEMENTS.get(1), message).toString()).isEqualTo("jobs/t.sql:6:1: " + message);
    }

    @Test
    void aMessageWithoutPositionIsToldWhereTheStatementsCodeStarts() {
        assertThat(STATEMENTS.get(0)).startsWith("-- Per channel.\nCREATE TABLE");

        assertThat(POSITIONS.locate(STATEMENTS.get(0), "Table already exists").toString())
                .isEqualTo("jobs/t.sql:2:1: Table already exists");
        assertThat(POSITIONS.locate(STATEMENTS.get(1), "Cannot find table").toString())
                .isEqualTo("jobs/t.sql:4:1: Cannot find table");
        assertThat(POSITIONS.locate(STATEMENTS.get(2), "Cannot find table").toString())
                .isEqualTo("jobs/t.sql:6:20: Cannot find table");
    }

    @Test
    void aColumnAfterASubstitutedVariableIsTheColumnInTheFileAsWritten() {
        String file = """
                INSERT INTO paimon.ads.t
                SELECT '${activity.start}', '${bizdate - 1d | yyyyMMdd}', chanel FROM app_events;
                """;
        SqlTemplate.Rendered rendered = SqlTemplate.renderMapped(file, "jobs/u.sql", new SqlTemplate.Context(
                Mode.STREAM, Optional.of(LocalDate.of(2026, 11, 21)), Variables.of(Map.of("activity.start",
                        "2026-11-01")), List.of()));
        List<String> statements = Statements.split(rendered.text());
        assertThat(statements.get(0)).contains("SELECT '2026-11-01', '20261120', chanel");
        FilePositions positions = new FilePositions(Path.of("jobs/u.sql"), rendered, statements);

        // chanel is at column 34 of the rendered line, column 59 of the line as written
        assertThat(positions.locate(statements.get(0), "From line 2, column 34 to line 2, column 39: Column 'chanel' "
                + "not found in any table").toString()).isEqualTo("jobs/u.sql:2:59: Column 'chanel' not found in any "
                + "table");
        assertThat(file.lines().toList().get(1).indexOf("chanel")).isEqualTo(58);
        // a column inside a value (20261120 from column 23) is the column of its ${
        assertThat(positions.at(statements.get(0), 2, 25).column()).isEqualTo(30);
        assertThat(file.lines().toList().get(1).indexOf("${bizdate")).isEqualTo(29);
    }
}
