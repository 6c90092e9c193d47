package io.rtw.meta.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TryCastsTest {

    @Test
    void everyCastBecomesATryCastAndIsListedInnermostFirst() {
        TryCasts.Rewritten r = TryCasts.rewrite("CAST(CAST(a AS INT) + 1 AS DECIMAL(12, 2)) * cast(b as BIGINT)");
        assertThat(r.sql()).isEqualTo("TRY_CAST(TRY_CAST(a AS INT) + 1 AS DECIMAL(12, 2)) * TRY_CAST(b AS BIGINT)");
        assertThat(r.casts()).containsExactly(new TryCasts.Cast("a", "INT"),
                new TryCasts.Cast("TRY_CAST(a AS INT) + 1", "DECIMAL(12, 2)"), new TryCasts.Cast("b", "BIGINT"));
    }

    @Test
    void literalsQuotedNamesTryCastsAndOtherWordsAreLeftAlone() {
        String sql = "CONCAT('CAST(x AS INT)', `cast`) || TRY_CAST(y AS INT) || CASTLE(z) || my_cast(w)";
        TryCasts.Rewritten r = TryCasts.rewrite(sql);
        assertThat(r.sql()).isEqualTo(sql);
        assertThat(r.casts()).isEmpty();
    }

    @Test
    void anAsInsideTheOperandsParenthesesIsNotTheCastsAs() {
        TryCasts.Rewritten r = TryCasts.rewrite("CAST(IF(x = 'a AS b', CAST(y AS STRING), 'z') AS VARCHAR(3))");
        assertThat(r.sql()).isEqualTo("TRY_CAST(IF(x = 'a AS b', TRY_CAST(y AS STRING), 'z') AS VARCHAR(3))");
        assertThat(r.casts()).extracting(TryCasts.Cast::type).containsExactly("STRING", "VARCHAR(3)");
    }
}
