package io.rtw.meta;

/** Where one side gets a logical column's values from. */
public sealed interface ColumnSource {

    /** Short description for people, e.g. {@code field ts} or {@code expr new_user = 1}. */
    String describe();

    /** Straight from a physical field of that side. */
    record Field(String field) implements ColumnSource {
        @Override
        public String describe() {
            return "field " + field;
        }
    }

    /** An SQL expression over the side's physical fields (encoding alignment). */
    record Expr(String sql) implements ColumnSource {
        @Override
        public String describe() {
            return "expr " + sql;
        }
    }

    /** A constant or field-free expression, where the side lacks the column altogether. */
    record Virtual(String sql) implements ColumnSource {
        @Override
        public String describe() {
            return "virtual " + sql;
        }
    }
}
