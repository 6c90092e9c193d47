package io.rtw.stream;

import io.rtw.meta.sql.Statements;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

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
    private static final FilePositions POSITIONS = new FilePositions(Path.of("jobs/t.sql"), FILE);
    private static final List<String> STATEMENTS = Statements.split(FILE);

    @Test
    void aValidationErrorReadsAsCalcitesMessageAtTheFilesLineAndColumn() {
        String second = STATEMENTS.get(1);
        assertThat(second).startsWith("INSERT INTO paimon.ads.t\nSELECT chanel");

        assertThat(POSITIONS.locate(second, "SQL validation failed. From line 2, column 8 to line 2, column 13: "
                + "Column 'chanel' not found in any table\n  in: INSERT INTO paimon.ads.t ..."))
                .isEqualTo("jobs/t.sql:5:8: Column 'chanel' not found in any table\n  in: INSERT INTO paimon.ads.t ...");
    }

    @Test
    void aPositionOnTheStatementsFirstLineCountsFromWhereTheStatementStarts() {
        String third = STATEMENTS.get(2);
        assertThat(third).isEqualTo("INSERT INTO paimon.ads.t SELECT x FROM app_events");

        assertThat(POSITIONS.locate(third, "From line 1, column 33 to line 1, column 33: Column 'x' not found"))
                .isEqualTo("jobs/t.sql:6:52: Column 'x' not found");
        assertThat(FILE.lines().toList().get(5).charAt(51)).isEqualTo('x');
    }

    @Test
    void aParseErrorKeepsItsMessageBehindTheFilePosition() {
        String message = "SQL parse failed. Encountered \"FROM\" at line 3, column 1.\nWas expecting one of: ...";

        assertThat(POSITIONS.locate(STATEMENTS.get(1), message)).isEqualTo("jobs/t.sql:6:1: " + message);
    }

    @Test
    void aStatementNotOfTheFileIsUnchanged() {
        assertThat(POSITIONS.locate("INSERT INTO elsewhere SELECT 1", "From line 1, column 1 to line 1, column 2: x"))
                .isEqualTo("From line 1, column 1 to line 1, column 2: x");
    }

    @Test
    void aMessageWithoutPositionIsToldAtTheLineTheStatementsCodeStartsOn() {
        assertThat(STATEMENTS.get(0)).startsWith("-- Per channel.\nCREATE TABLE");

        assertThat(POSITIONS.locate(STATEMENTS.get(0), "Table already exists")).isEqualTo("jobs/t.sql:2: Table already exists");
        assertThat(POSITIONS.locate(STATEMENTS.get(1), "Cannot find table")).isEqualTo("jobs/t.sql:4: Cannot find table");
        assertThat(POSITIONS.locate(STATEMENTS.get(2), "Cannot find table")).isEqualTo("jobs/t.sql:6: Cannot find table");
    }
}
