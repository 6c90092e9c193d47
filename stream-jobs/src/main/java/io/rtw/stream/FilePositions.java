package io.rtw.stream;

import java.nio.file.Path;
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
     * validation error then reads as Calcite's message alone); unchanged when the statement is not one of the file's
     * or the message gives no position.
     */
    String locate(String statement, String message) {
        int start = rendered.indexOf(statement);
        Matcher range = RANGE.matcher(message);
        Matcher at = AT.matcher(message);
        boolean isRange = range.find();
        if (start < 0 || !isRange && !at.find()) {
            return message;
        }
        Matcher m = isRange ? range : at;
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        int lineStart = rendered.lastIndexOf('\n', start - 1) + 1;
        int fileLine = (int) rendered.substring(0, start).chars().filter(c -> c == '\n').count() + line;
        int fileColumn = line == 1 ? start - lineStart + column : column;
        return file + ":" + fileLine + ":" + fileColumn + ": " + (isRange ? message.substring(range.end()) : message);
    }
}
