package io.rtw.meta;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One side's physical source: a kind (found through {@link io.rtw.meta.binding.BindingFactory}), its
 * options as written (validated by the kind), the physical fields with their Flink SQL types and, on the
 * stream side, the tables that receive malformed ({@code dead-letter-table}) and late ({@code late-table})
 * records, as {@code catalog.database.table}. On the batch side, {@code archive} maps batch fields to
 * expressions over logical columns: the stream job then writes every valid record to the batch table in
 * the batch encoding (fields not listed take the same-named logical column). {@code decoding} says how stream fields
 * declared in the long form ({@code {type: ..., format: ...}}) are read. The batch side may have a dead-letter table
 * too, for rows whose values it cannot read (value maps, {@code NOT NULL} columns, failed casts).
 *
 * <p>Option values may still contain {@code ${env:NAME}} references; they are resolved only when SQL
 * is executed, so they never show in rendered SQL.
 */
public record Binding(
        String kind,
        Map<String, String> options,
        Map<String, String> fields,
        Optional<String> deadLetterTable,
        Optional<String> lateTable,
        Optional<Map<String, String>> archive,
        Map<String, FieldDecoding> decoding) {

    /** Copies the maps, keeping their order. */
    public Binding {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        archive = archive.map(a -> Collections.unmodifiableMap(new LinkedHashMap<>(a)));
        decoding = Collections.unmodifiableMap(new LinkedHashMap<>(decoding));
    }

    /** A binding without dead-letter and late tables. */
    public Binding(String kind, Map<String, String> options, Map<String, String> fields) {
        this(kind, options, fields, Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
}
