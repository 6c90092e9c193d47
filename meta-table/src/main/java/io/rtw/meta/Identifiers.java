package io.rtw.meta;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for names that reach generated SQL: plain identifiers only, so nothing can be injected
 * through YAML. Generated SQL also back-quotes every identifier.
 */
public final class Identifiers {

    /** Allowed names: a letter or underscore, then letters, digits or underscores; at most 128. */
    public static final String RULE = "[A-Za-z_][A-Za-z0-9_]{0,127}";

    private static final Pattern PATTERN = Pattern.compile(RULE);

    private Identifiers() {}

    /** A sentence describing why {@code name} is not a plain identifier, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("an identifier may not be empty");
        }
        if (!PATTERN.matcher(name).matches()) {
            return Optional.of("'" + name + "' is not a plain SQL identifier; names must match " + RULE);
        }
        return Optional.empty();
    }

    /** Back-quotes an identifier that has already been validated. */
    public static String quote(String name) {
        if (!PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return "`" + name + "`";
    }

    /** Back-quotes any name, a catalog's column say, doubling back quotes inside so it cannot end the identifier. */
    public static String escaped(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** An SQL string literal; quotes inside are doubled so no value can end the literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
