package io.rtw.meta;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a YAML expression is one SQL scalar expression and lists the columns it references.
 *
 * <p>It is a lexer, not a parser: it rejects statement separators, comments, unbalanced quotes and
 * parentheses and statement keywords, and treats every bare identifier that is not a keyword and not
 * followed by {@code (} as a column reference. Flink's planner checks the rest when the SQL runs.
 */
final class Expressions {

    /** Words that may appear in a scalar expression without being a column. */
    private static final Set<String> KEYWORDS = Set.of(
            "AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "UNKNOWN", "CASE", "WHEN", "THEN", "ELSE",
            "END", "CAST", "TRY_CAST", "AS", "IN", "BETWEEN", "SYMMETRIC", "ASYMMETRIC", "LIKE", "SIMILAR",
            "TO", "ESCAPE", "INTERVAL", "YEAR", "YEARS", "MONTH", "MONTHS", "DAY", "DAYS", "HOUR", "HOURS",
            "MINUTE", "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MICROSECOND", "NANOSECOND", "WEEK",
            "QUARTER", "DOW", "DOY", "EPOCH", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_LTZ", "LOCAL", "ZONE",
            "WITH", "WITHOUT", "DISTINCT", "FROM", "FOR", "LEADING", "TRAILING", "BOTH", "STRING", "VARCHAR",
            "CHAR", "CHARACTER", "VARYING", "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT",
            "FLOAT", "DOUBLE", "PRECISION", "REAL", "DECIMAL", "DEC", "NUMERIC", "BYTES", "BINARY",
            "VARBINARY", "ARRAY", "MAP", "ROW", "MULTISET", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "DEFAULT");

    /** Words that would turn an expression into a query or a statement. */
    private static final Set<String> FORBIDDEN = Set.of(
            "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "EXECUTE", "EXPLAIN", "SET",
            "RESET", "USE", "LOAD", "UNLOAD", "UNION", "BEGIN", "STATEMENT", "TABLE", "VALUES", "JOIN");

    private Expressions() {}

    /** The outcome: the columns referenced, or why the text is not an acceptable expression. */
    record Result(Set<String> columns, Optional<String> problem) {}

    static Result analyze(String sql) {
        Set<String> columns = new LinkedHashSet<>();
        int depth = 0;
        int i = 0;
        int n = sql.length();
        if (sql.isBlank()) {
            return fail("the expression is empty");
        }
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = closing(sql, i, '\'');
                if (end < 0) {
                    return fail("unterminated string literal starting at character " + (i + 1));
                }
                i = end + 1;
            } else if (c == '`') {
                int end = closing(sql, i, '`');
                if (end < 0) {
                    return fail("unterminated quoted identifier starting at character " + (i + 1));
                }
                columns.add(sql.substring(i + 1, end).replace("``", "`"));
                i = end + 1;
            } else if (c == '"') {
                return fail("double quotes are not SQL string quotes; use 'text' for strings and `name` for "
                        + "identifiers");
            } else if (c == ';') {
                return fail("';' is not allowed: an expression is not a statement");
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
                    || c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                return fail("comments are not allowed in an expression");
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                if (--depth < 0) {
                    return fail("unbalanced ')' at character " + (i + 1));
                }
                i++;
            } else if (Character.isDigit(c)) {
                i = number(sql, i);
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end);
                String upper = word.toUpperCase(Locale.ROOT);
                if (FORBIDDEN.contains(upper)) {
                    return fail("'" + word + "' is not allowed: an expression may not contain a query or "
                            + "statement");
                }
                boolean literalPrefix = end < n && sql.charAt(end) == '\'' && (upper.equals("X")
                        || upper.equals("N"));
                if (!literalPrefix && !KEYWORDS.contains(upper) && !followedByParen(sql, end)) {
                    columns.add(word);
                }
                i = end;
            } else {
                i++;
            }
        }
        if (depth != 0) {
            return fail("unbalanced parentheses: " + depth + " '(' not closed");
        }
        return new Result(columns, Optional.empty());
    }

    private static Result fail(String message) {
        return new Result(Set.of(), Optional.of(message));
    }

    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    private static int number(String sql, int start) {
        int i = start;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            boolean exponentSign = (c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '.' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean followedByParen(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '(';
    }
}
