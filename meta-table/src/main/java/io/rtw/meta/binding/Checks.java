package io.rtw.meta.binding;

import io.rtw.meta.Identifiers;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Option checks shared by several binding kinds. */
final class Checks {

    private Checks() {}

    static void identifier(ReadableConfig options, ConfigOption<String> option, BindingFactory.Problems problems) {
        Identifiers.problem(options.get(option)).ifPresent(p -> problems.about(option, option.key() + ": " + p));
    }

    static void partition(ReadableConfig options, ConfigOption<String> column, ConfigOption<String> format,
            Map<String, String> fields, BindingFactory.Problems problems) {
        options.getOptional(column).ifPresent(c -> {
            if (!fields.containsKey(c)) {
                problems.about(column, "partition-column '" + c + "' is not a declared field; fields: "
                        + String.join(", ", fields.keySet()));
            }
        });
        try {
            DateTimeFormatter.ofPattern(options.get(format));
        } catch (IllegalArgumentException e) {
            problems.about(format, "partition-format '" + options.get(format) + "' is not a date pattern: "
                    + e.getMessage());
        }
    }
}
