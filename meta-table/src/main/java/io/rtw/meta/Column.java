package io.rtw.meta;

/**
 * A logical column: name, Flink SQL type, comment, and where its values come from on each side.
 *
 * @param name plain SQL identifier
 * @param type Flink SQL type as written, validated (for example {@code TIMESTAMP_LTZ(3)})
 * @param comment for people; may be empty
 * @param stream how the stream side produces it
 * @param batch how the batch side produces it
 */
public record Column(String name, String type, String comment, ColumnSource stream, ColumnSource batch) {

    /** The source of this column when compiled for {@code mode}. */
    public ColumnSource source(Mode mode) {
        return mode == Mode.STREAM ? stream : batch;
    }
}
