package io.rtw.meta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

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

    /**
     * A field read through a value map: each key is a value of the field as written, each value the column's value
     * for it; a value of the field outside the map cannot be read (the row goes to the side's dead-letter table).
     */
    record Mapped(String field, Map<String, String> values) implements ColumnSource {
        /** Copies the map, keeping its order. */
        public Mapped {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String describe() {
            return "field " + field + " through values " + values.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
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
