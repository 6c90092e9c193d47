package io.rtw.meta.binding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a stream source hands on the records it cannot decode: read with {@code options}, it gives every record a row,
 * where {@code errorColumn} says why a record could not be decoded (NULL for a good one) and {@code payloadColumn}
 * keeps its text, so the compiled views route it to the dead-letter table instead of failing the job or dropping it.
 *
 * @param options the source's connector options, the decoding format in place of the plain one
 * @param errorColumn the STRING column holding the reason
 * @param payloadColumn the STRING column holding the record's text
 */
public record DeadLetterDecoding(Map<String, String> options, String errorColumn, String payloadColumn) {

    /** Copies the options, keeping their order. */
    public DeadLetterDecoding {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * What the compiled source asks of its decoding.
     *
     * @param requiredFields every declared field: a record missing one is malformed, not silently null
     * @param fieldDecoding how fields are read beyond their type, as JSON (format, zone, raw), when any is declared
     * @param keepEveryPayload keep the text of good records too: a column's check may refuse a row after decoding
     */
    public record Request(java.util.List<String> requiredFields, java.util.Optional<String> fieldDecoding,
            boolean keepEveryPayload) {}
}
