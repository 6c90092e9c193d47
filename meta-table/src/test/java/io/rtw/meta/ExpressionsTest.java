package io.rtw.meta;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpressionsTest {

    @Test
    void findsColumnReferencesButNotFunctionsKeywordsOrLiterals() {
        Expressions.Result r = Expressions.analyze(
                "CASE WHEN new_user_flag = 'Y' THEN TRUE ELSE CAST(`flag` AS BOOLEAN) END AND TO_TIMESTAMP_LTZ(ts, 3) "
                        + "> TIMESTAMP '2026-01-01 00:00:00' - INTERVAL '1' DAY AND x'AB' IS NOT NULL AND 1.5e3 > 2");

        assertThat(r.problem()).isEmpty();
        assertThat(r.columns()).containsExactly("new_user_flag", "flag", "ts");
    }

    @Test
    void rejectsAnythingThatIsNotOneScalarExpression() {
        assertThat(Expressions.analyze("a; DROP TABLE t").problem()).hasValue(
                "';' is not allowed: an expression is not a statement");
        assertThat(Expressions.analyze("a -- comment").problem()).hasValue("comments are not allowed in an expression");
        assertThat(Expressions.analyze("(SELECT max(a) FROM t)").problem()).get().asString().startsWith("'SELECT'");
        assertThat(Expressions.analyze("'open").problem()).get().asString().startsWith("unterminated string");
        assertThat(Expressions.analyze("f(a").problem()).hasValue("unbalanced parentheses: 1 '(' not closed");
        assertThat(Expressions.analyze("a)").problem()).hasValue("unbalanced ')' at character 2");
        assertThat(Expressions.analyze("\"a\"").problem()).get().asString().startsWith("double quotes");
        assertThat(Expressions.analyze("  ").problem()).hasValue("the expression is empty");
    }
}
