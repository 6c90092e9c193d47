package io.rtw.stream;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the planner's positions within one statement of a job file into {@code FILE:LINE:COLUMN} of the file. */
final class FilePositions {

    /** A validation error's range, {@code From line 1, column 33 to line 1, column 38: }, before Calcite's message. */
    private static final Pattern RANGE = Pattern.compile("From line (\\d+), column (\\d+) to line \\d+, column \\d+: ");
    /** A parse error's position. */
    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

    private final Path file;
    private final String rendered;

    /**
     * @param rendered the file as rendered for the run: line for line the file (directives leave empty lines),
     *     columns counted after variable substitution
     */
    FilePositions(Path file, String rendered) {
        this.file = file;
        this.rendered = rendered;
    }

    /**
     * {@code message} about {@code statement} led by the file position of the first statement position it gives (a
     * validation error then reads as Calcite's message alone), or by the line the statement's code starts on when the
     * message gives none; unchanged when the statement is not one of the file's.
     */
    String locate(String statement, String message) {
        int start = rendered.indexOf(statement);
        if (start < 0) {
            return message;
        }
        Matcher range = RANGE.matcher(message);
        Matcher at = AT.matcher(message);
        boolean isRange = range.find();
        if (!isRange && !at.find()) {
            return file + ":" + (lineOf(start) + codeLine(statement)) + ": " + message;
        }
        Matcher m = isRange ? range : at;
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        int lineStart = rendered.lastIndexOf('\n', start - 1) + 1;
        int fileLine = lineOf(start) + line;
        int fileColumn = line == 1 ? start - lineStart + column : column;
        return file + ":" + fileLine + ":" + fileColumn + ": " + (isRange ? message.substring(range.end()) : message);
    }

    /** The number of line breaks in the rendered file before {@code offset}. */
    private int lineOf(int offset) {
        return (int) rendered.substring(0, offset).chars().filter(c -> c == '\n').count();
    }

    /** The line of {@code statement}, from 1, that its code starts on: after leading comment and blank lines. */
    private static int codeLine(String statement) {
        List<String> lines = statement.lines().toList();
        int i = 0;
        while (i < lines.size() - 1 && (lines.get(i).isBlank() || lines.get(i).strip().startsWith("--"))) {
            i++;
        }
        return i + 1;
    }
}
