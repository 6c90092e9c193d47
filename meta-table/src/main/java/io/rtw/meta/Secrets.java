package io.rtw.meta;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} references at the last moment and masks their values everywhere else:
 * rendered SQL shows the reference, and {@link #mask} turns a value back into its reference in any
 * message (for example an exception text that echoes a statement).
 */
public final class Secrets {

    private static final Pattern ENV = Pattern.compile("\\$\\{\\s*env:([A-Za-z_][A-Za-z0-9_]*)\\s*}");

    private final Function<String, String> env;

    private Secrets(Function<String, String> env) {
        this.env = env;
    }

    /** Secrets from the process environment. */
    public static Secrets fromSystem() {
        return new Secrets(System::getenv);
    }

    /** Secrets from a fixed map, for tests. */
    public static Secrets of(Map<String, String> values) {
        return new Secrets(values::get);
    }

    /** Whether the environment has {@code name}. */
    public boolean isSet(String name) {
        return env.apply(name) != null;
    }

    /**
     * Replaces every {@code ${env:NAME}} with its value as the contents of an SQL string literal
     * (single quotes doubled): references belong inside quoted option values.
     */
    public String resolve(String text) {
        return substitute(text, value -> value.replace("'", "''"));
    }

    /**
     * Replaces every {@code ${env:NAME}} with its value as is: for option values handed to a client
     * directly (a Kafka admin client's properties, an HBase configuration), not through SQL.
     */
    public String resolveValue(String text) {
        return substitute(text, Function.identity());
    }

    private String substitute(String text, Function<String, String> escape) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new IllegalStateException("environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Replaces the value of every secret referenced in {@code sql} by its reference, in {@code message}. */
    public String mask(String sql, String message) {
        if (message == null) {
            return null;
        }
        String masked = message;
        Matcher m = ENV.matcher(sql);
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value != null && !value.isEmpty()) {
                masked = masked.replace(value.replace("'", "''"), m.group())
                        .replace(value, m.group());
            }
        }
        return masked;
    }
}
