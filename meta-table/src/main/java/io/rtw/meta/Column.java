package io.rtw.meta;

/**
 * A logical column: name, Flink SQL type, comment, and where its values come from on each side.
 *
 * @param name plain SQL identifier
 * @param type Flink SQL type as written, validated, without {@code NOT NULL} (for example {@code TIMESTAMP_LTZ(3)})
 * @param comment for people; may be empty
 * @param stream how the stream side produces it
 * @param batch how the batch side produces it
 * @param required declared {@code NOT NULL}: a row whose value is NULL goes to the side's dead-letter table
 */
public record Column(String name, String type, String comment, ColumnSource stream, ColumnSource batch,
        boolean required) {

    /** A nullable column. */
    public Column(String name, String type, String comment, ColumnSource stream, ColumnSource batch) {
        this(name, type, comment, stream, batch, false);
    }

    /** The source of this column when compiled for {@code mode}. */
    public ColumnSource source(Mode mode) {
        return mode == Mode.STREAM ? stream : batch;
    }
}
