package io.rtw.meta.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementsTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String sql = """
                -- header comment; not a statement
                CREATE TABLE a (x STRING) WITH ('k' = 'v;w');
                /* block; comment */
                INSERT INTO a SELECT `we;ird` FROM b WHERE c = 'it''s;';
                -- trailing comment only
                """;
        assertThat(Statements.split(sql)).containsExactly(
                "-- header comment; not a statement\nCREATE TABLE a (x STRING) WITH ('k' = 'v;w')",
                "/* block; comment */\nINSERT INTO a SELECT `we;ird` FROM b WHERE c = 'it''s;'");
    }

    @Test
    void keepsAStatementSetTogether() {
        String sql = """
                CREATE TEMPORARY VIEW v AS SELECT 1 AS x;
                EXECUTE STATEMENT SET
                BEGIN
                  INSERT INTO a SELECT * FROM v;
                  INSERT INTO b SELECT * FROM v;
                END;
                """;
        assertThat(Statements.split(sql)).containsExactly(
                "CREATE TEMPORARY VIEW v AS SELECT 1 AS x",
                "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT * FROM v;\nINSERT INTO b SELECT * FROM v;\nEND");
    }

    @Test
    void anInsertNamesItsTargetAsWrittenWithoutBackticks() {
        assertThat(Statements.insertTarget("-- serving rows\nINSERT INTO uv_serving(a, b) SELECT 1, 2"))
                .contains("uv_serving");
        assertThat(Statements.insertTarget("insert overwrite `paimon`.`ads`.`t` SELECT 1")).contains("paimon.ads.t");
        assertThat(Statements.insertTarget("SELECT 1 -- INSERT INTO x")).isEmpty();
    }

    @Test
    void blankingCommentsKeepsEveryOtherCharacterWhereItWas() {
        String sql = "SELECT '--x' /* a\nb */ , c -- d\nFROM `t--`";
        String blank = Statements.blankComments(sql);
        assertThat(blank).hasSameSizeAs(sql).isEqualTo("SELECT '--x'     \n     , c     \nFROM `t--`");
    }
}
