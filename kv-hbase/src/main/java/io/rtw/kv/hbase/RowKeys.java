package io.rtw.kv.hbase;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Row keys as text: key column values joined by a delimiter, each value with backslashes and delimiters
 * escaped by a backslash, so {@code ("a|b", "c")} and {@code ("a", "b|c")} give different keys.
 */
final class RowKeys {

    private RowKeys() {}

    /** The row key of these key column values (in key order) as UTF-8 bytes. */
    static byte[] of(List<String> parts, String delimiter) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                key.append(delimiter);
            }
            appendEscaped(key, parts.get(i), delimiter);
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void appendEscaped(StringBuilder out, String part, String delimiter) {
        int i = 0;
        while (i < part.length()) {
            if (part.charAt(i) == '\\') {
                out.append("\\\\");
                i++;
            } else if (part.startsWith(delimiter, i)) {
                out.append('\\').append(delimiter);
                i += delimiter.length();
            } else {
                out.append(part.charAt(i));
                i++;
            }
        }
    }
}
