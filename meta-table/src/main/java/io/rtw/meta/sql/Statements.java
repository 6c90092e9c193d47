package io.rtw.meta.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits SQL text into statements at {@code ;} outside quotes and comments, keeping an
 * {@code EXECUTE STATEMENT SET BEGIN … END} block together; comment-only pieces are dropped.
 */
public final class Statements {

    private static final Pattern INSERT_TARGET = Pattern.compile("(?is)^\\s*INSERT\\s+(?:INTO|OVERWRITE)\\s+([`\\w.$]+)");

    private Statements() {}

    /** The statements of {@code sql}, without their terminating {@code ;}. */
    public static List<String> split(String sql) {
        List<String> pieces = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '`' || c == '"') {
                int end = i + 1;
                while (end < n && sql.charAt(end) != c) {
                    end++;
                }
                cur.append(sql, i, Math.min(end + 1, n));
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                cur.append(sql, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                cur.append(sql, i, end);
                i = end - 1;
            } else if (c == ';') {
                pieces.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        pieces.add(cur.toString());
        return mergeStatementSets(pieces);
    }

    private static List<String> mergeStatementSets(List<String> pieces) {
        List<String> out = new ArrayList<>();
        StringBuilder set = null;
        for (String piece : pieces) {
            String code = withoutComments(piece).trim();
            if (code.isEmpty()) {
                continue;
            }
            String upper = code.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            if (set == null && (upper.startsWith("EXECUTE STATEMENT SET BEGIN")
                    || upper.startsWith("BEGIN STATEMENT SET"))) {
                set = new StringBuilder(piece.strip());
            } else if (set != null) {
                set.append(";\n").append(piece.strip());
                if (upper.equals("END")) {
                    out.add(set.toString());
                    set = null;
                }
            } else {
                out.add(piece.strip());
            }
        }
        if (set != null) {
            out.add(set.toString());
        }
        return out;
    }

    /** The table an {@code INSERT INTO|OVERWRITE} statement writes, as written without backticks; empty otherwise. */
    public static Optional<String> insertTarget(String sql) {
        Matcher m = INSERT_TARGET.matcher(withoutComments(sql));
        return m.find() ? Optional.of(m.group(1).replace("`", "")) : Optional.empty();
    }

    /**
     * {@code sql} with every comment (outside quotes) turned into spaces, its line breaks kept: the code at the same
     * positions as in the text.
     */
    public static String blankComments(String sql) {
        StringBuilder out = new StringBuilder(sql);
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            int end = i;
            if (c == '\'' || c == '`' || c == '"') {
                int close = sql.indexOf(c, i + 1);
                i = close < 0 ? n : close;
                continue;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            }
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = Math.max(i, end - 1);
        }
        return out.toString();
    }

    /** The code of a statement with comments removed, for deciding what kind of statement it is. */
    public static String withoutComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
    }
}
