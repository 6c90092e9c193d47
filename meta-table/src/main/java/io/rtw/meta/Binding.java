package io.rtw.meta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One side's physical source: a kind (found through {@link io.rtw.meta.binding.BindingFactory}), its
 * options as written (validated by the kind) and the physical fields with their Flink SQL types.
 *
 * <p>Option values may still contain {@code ${env:NAME}} references; they are resolved only when SQL
 * is executed, so they never show in rendered SQL.
 */
public record Binding(String kind, Map<String, String> options, Map<String, String> fields) {

    /** Copies the maps, keeping their order. */
    public Binding {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
