package io.rtw.meta;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variables for {@code ${name}} references in YAML and SQL: built-ins, then the project's defaults,
 * then the chosen profile, then {@code --var} from the command line, later ones winning.
 *
 * <p>{@code ${env:NAME}} references are secrets and are not variables: they stay as written until
 * execution (see {@link Secrets}).
 */
public final class Variables {

    /** Allowed variable names: identifiers with dots, e.g. {@code kafka.bootstrap}. */
    public static final String NAME_RULE = "[A-Za-z_][A-Za-z0-9_.]*";

    static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

    private static final Pattern NAME = Pattern.compile(NAME_RULE);

    private final Map<String, String> values;

    private Variables(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Variables with exactly these values. */
    public static Variables of(Map<String, String> values) {
        values.keySet().forEach(k -> {
            if (!NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("variable name '" + k + "' must match " + NAME_RULE);
            }
        });
        return new Variables(values);
    }

    /** No variables. */
    public static Variables empty() {
        return new Variables(Map.of());
    }

    /** These variables overridden by {@code overrides}. */
    public Variables with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    /** The value of {@code name}, if defined. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Every variable, sorted by name. */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * Replaces {@code ${name}} references in {@code text}; {@code ${env:NAME}} stays as written after
     * checking the environment has it.
     *
     * @param problems receives a sentence for each undefined variable or unset environment variable
     */
    public String resolve(String text, Secrets secrets, Consumer<String> problems) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1).trim();
            String replacement;
            if (ref.startsWith("env:")) {
                String env = ref.substring(4);
                if (!secrets.isSet(env)) {
                    problems.accept("environment variable " + env + " is not set");
                }
                replacement = m.group();
            } else if (values.containsKey(ref)) {
                replacement = values.get(ref);
            } else {
                problems.accept("undefined variable '" + ref + "'; define it with --var " + ref
                        + "=... or in a profile of rtw.yaml" + known());
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String known() {
        return values.isEmpty() ? "" : "; defined: " + String.join(", ", values.keySet());
    }
}
