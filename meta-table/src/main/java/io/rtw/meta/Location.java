package io.rtw.meta;

/**
 * Where something was written: file, 1-based line and column, and the key path inside the document
 * (for example {@code columns[2].stream.expr}).
 */
public record Location(String file, int line, int column, String path) {

    /** A location for a whole file, before any key was read. */
    public static Location ofFile(String file) {
        return new Location(file, 0, 0, "");
    }

    /** The same place with another key path. */
    public Location withPath(String newPath) {
        return new Location(file, line, column, newPath);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        if (!path.isEmpty()) {
            b.append(" [").append(path).append(']');
        }
        return b.toString();
    }
}
