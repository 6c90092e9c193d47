package io.rtw.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The one text table of rtw's output: left-aligned columns two spaces apart, a header with a rule under it (or, for
 * the terse tables of {@code rtw local status} and {@code rtw kv get}, without), no blanks at a line's end.
 */
final class TextTable {

    private final List<String> header;
    private final boolean rule;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this(true, header);
    }

    private TextTable(boolean rule, String... header) {
        this.header = List.of(header);
        this.rule = rule;
    }

    /** A table whose header has no rule under it. */
    static TextTable withoutRule(String... header) {
        return new TextTable(false, header);
    }

    TextTable row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, header, width);
        if (rule) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
            }
            out.println(line);
        }
        rows.forEach(r -> line(out, r, width));
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            b.append(i == 0 ? "" : "  ").append(i == cells.size() - 1 ? c : String.format("%-" + width[i] + "s", c));
        }
        out.println(b.toString().stripTrailing());
    }
}
