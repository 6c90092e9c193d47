package io.rtw.meta.job;

import io.rtw.meta.Location;
import io.rtw.meta.Problem;
import io.rtw.meta.sql.SqlTemplate;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a job file's statements, and the planner's positions within one of them, are in the file the user edits:
 * through the statement splitting and the template's rendering (lines are kept, columns move where a {@code ${...}}
 * was replaced by its value).
 */
public final class FilePositions {

    /** A validation error's range, {@code From line 1, column 33 to line 1, column 38: }, before Calcite's message. */
    private static final Pattern RANGE = Pattern.compile("From line (\\d+), column (\\d+) to line \\d+, column \\d+: ");
    /** A parse error's position. */
    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private final Path file;
    private final SqlTemplate.Rendered rendered;
    private final Map<String, Integer> offsets = new HashMap<>();

    /**
     * @param rendered the file as rendered for the run
     * @param statements the statements split from it, in order
     */
    public FilePositions(Path file, SqlTemplate.Rendered rendered, List<String> statements) {
        this.file = file;
        this.rendered = rendered;
        String text = rendered.text();
        int cursor = 0;
        for (String statement : statements) {
            // A statement set's statements were joined anew; its first one is as written.
            int semicolon = statement.indexOf(";\n");
            int at = text.indexOf(semicolon < 0 ? statement : statement.substring(0, semicolon), cursor);
            if (at >= 0) {
                offsets.putIfAbsent(statement, at);
                cursor = at + 1;
            }
        }
    }

    /**
     * {@code message} about {@code statement}, at the file position of the first statement position it gives (a
     * validation error then reads as Calcite's message alone), or where the statement's code starts when it gives
     * none.
     */
    public Problem locate(String statement, String message) {
        Matcher range = RANGE.matcher(message);
        Matcher at = AT.matcher(message);
        boolean isRange = range.find();
        if (!isRange && !at.find()) {
            return new Problem(start(statement), message);
        }
        Matcher m = isRange ? range : at;
        String text = isRange ? message.substring(range.end()) : message;
        return new Problem(at(statement, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), text);
    }

    /** The file position of {@code line} and {@code column} (from 1) of {@code statement}. */
    public Location at(String statement, int line, int column) {
        int start = offset(statement);
        if (start < 0) {
            return Location.ofFile(file.toString());
        }
        String text = rendered.text();
        int lineStart = text.lastIndexOf('\n', start - 1) + 1;
        int fileLine = lineOf(start) + line;
        int renderedColumn = line == 1 ? start - lineStart + column : column;
        return new Location(file.toString(), fileLine, rendered.fileColumn(fileLine, renderedColumn), "");
    }

    /** The file position of character {@code index} (from 0) of {@code statement}. */
    public Location at(String statement, int index) {
        String before = statement.substring(0, Math.min(index, statement.length()));
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        return at(statement, line, index - (before.lastIndexOf('\n') + 1) + 1);
    }

    /** Where the code of {@code statement} starts: its first character after leading comments and blanks. */
    public Location start(String statement) {
        String code = io.rtw.meta.sql.Statements.blankComments(statement);
        int i = 0;
        while (i < code.length() - 1 && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return at(statement, i);
    }

    /** Where the file is, when a problem has no place within it. */
    public Location file() {
        return new Location(file.toString(), 1, 1, "");
    }

    /** The job file. */
    public Path path() {
        return file;
    }

    /** Positions of the same file rendered the same way are the same. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FilePositions other && file.equals(other.file) && rendered.equals(other.rendered)
                && offsets.equals(other.offsets);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(file, rendered, offsets);
    }

    private int offset(String statement) {
        Integer known = offsets.get(statement);
        return known != null ? known : rendered.text().indexOf(statement);
    }

    /** The number of line breaks in the rendered file before {@code offset}. */
    private int lineOf(int offset) {
        return (int) rendered.text().substring(0, offset).chars().filter(c -> c == '\n').count();
    }
}
