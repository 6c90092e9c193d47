package io.rtw.meta.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites every {@code CAST(x AS T)} of a user expression as {@code TRY_CAST(x AS T)} and lists them: a value that
 * cannot be cast then gives NULL, which the compiler tells apart from a NULL operand and turns into a dead-letter
 * reason, instead of an exception that fails the job (and, in stream mode, restarts it without end).
 *
 * <p>A lexer, like the check of YAML expressions: string literals and quoted identifiers are
 * skipped, and {@code AS} is the first one at the cast's own parenthesis depth.
 */
final class TryCasts {

    private TryCasts() {}

    /** One rewritten cast: its operand (with its own casts rewritten) and its target type, as written. */
    record Cast(String operand, String type) {}

    /** The expression with every CAST a TRY_CAST, and the casts, innermost first. */
    record Rewritten(String sql, List<Cast> casts) {}

    static Rewritten rewrite(String sql) {
        List<Cast> casts = new ArrayList<>();
        return new Rewritten(rewrite(sql, casts), List.copyOf(casts));
    }

    private static String rewrite(String sql, List<Cast> casts) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`') {
                int end = skipQuoted(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = wordEnd(sql, i);
                String word = sql.substring(i, end);
                int open = nextNonSpace(sql, end);
                if (word.toUpperCase(Locale.ROOT).equals("CAST") && open < n && sql.charAt(open) == '(') {
                    int close = closing(sql, open);
                    int as = topLevelAs(sql, open + 1, close);
                    if (close < 0 || as < 0) {
                        // Not a complete cast: leave it to Flink's parser, which reports it.
                        out.append(sql, i, end);
                        i = end;
                        continue;
                    }
                    String operand = rewrite(sql.substring(open + 1, as), casts).strip();
                    String type = sql.substring(as + 2, close).strip();
                    casts.add(new Cast(operand, type));
                    out.append("TRY_CAST(").append(operand).append(" AS ").append(type).append(')');
                    i = close + 1;
                } else {
                    out.append(word);
                    i = end;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int skipQuoted(String sql, int open) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int wordEnd(String sql, int start) {
        int i = start;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
            i++;
        }
        return i;
    }

    private static int nextNonSpace(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int closing(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`') {
                i = skipQuoted(sql, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The index of the first word {@code AS} in {@code [from, to)} outside nested parentheses, or -1. */
    private static int topLevelAs(String sql, int from, int to) {
        int depth = 0;
        int i = from;
        while (i < to) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`') {
                i = skipQuoted(sql, i);
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth--;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = wordEnd(sql, i);
                if (depth == 0 && end - i == 2 && sql.substring(i, end).equalsIgnoreCase("AS")) {
                    return i;
                }
                i = end;
            } else {
                i++;
            }
        }
        return -1;
    }
}
