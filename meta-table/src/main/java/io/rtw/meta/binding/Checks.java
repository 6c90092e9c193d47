package io.rtw.meta.binding;

import io.rtw.meta.Identifiers;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Option checks shared by several binding kinds. */
final class Checks {

    private Checks() {}

    static void identifier(String value, String key, Consumer<String> problems) {
        Identifiers.problem(value).ifPresent(p -> problems.accept(key + ": " + p));
    }

    static void partition(
            Optional<String> column, String format, Map<String, String> fields, Consumer<String> problems) {
        column.ifPresent(c -> {
            if (!fields.containsKey(c)) {
                problems.accept("partition-column '" + c + "' is not a declared field; fields: "
                        + String.join(", ", fields.keySet()));
            }
        });
        try {
            DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
            problems.accept("partition-format '" + format + "' is not a date pattern: " + e.getMessage());
        }
    }
}
