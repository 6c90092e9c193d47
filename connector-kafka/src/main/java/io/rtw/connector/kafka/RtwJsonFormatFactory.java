package io.rtw.connector.kafka;

import io.rtw.meta.binding.DeadLetterDecoding;
import io.rtw.meta.binding.DeadLetterFormat;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'format' = 'rtw-json'}: JSON objects decoded into the declared fields, where a record that is
 * not valid JSON, lacks a required field or holds a value of the wrong type does not fail the job and is
 * not dropped: it becomes a row whose {@value #ERROR_COLUMN} says why and whose {@value #PAYLOAD_COLUMN}
 * keeps the raw text, so SQL can route it to a dead-letter table. Such records are counted in the
 * metric {@code rtw.deadLetterRecords}.
 */
public final class RtwJsonFormatFactory implements DeserializationFormatFactory, DeadLetterFormat {

    /** The format identifier. */
    public static final String IDENTIFIER = "rtw-json";
    /** Column that receives the reason a record is malformed (null for good records). */
    public static final String ERROR_COLUMN = "rtw$error";
    /** Column that receives the raw record text of a malformed record (null for good records). */
    public static final String PAYLOAD_COLUMN = "rtw$payload";

    static final ConfigOption<List<String>> REQUIRED_FIELDS = ConfigOptions.key("required-fields")
            .stringType()
            .asList()
            .defaultValues()
            .withDescription("Fields that must be present and not null; a record without one is malformed.");

    static final ConfigOption<String> DECODING = ConfigOptions.key("decoding")
            .stringType()
            .defaultValue("{}")
            .withDescription("How fields are read beyond their type, as a JSON object: field name to {\"format\": "
                    + "iso-8601, epoch-seconds, epoch-millis or a date-time pattern, \"zone\": the zone of times "
                    + "written without an offset, \"json\": \"raw\" to keep any JSON value of a STRING field as text}.");

    static final ConfigOption<String> PAYLOAD = ConfigOptions.key("payload")
            .stringType()
            .defaultValue("on-error")
            .withDescription("Which records keep their text in the payload column: on-error (malformed ones) or "
                    + "always (for rows that a column's check refuses after decoding).");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    /** Stands in for {@code json}: the same records, decoded by declared field. */
    @Override
    public String standsIn() {
        return "json";
    }

    /**
     * The source read with {@code rtw-json} instead of {@code json} ({@code json.*} options dropped), every declared
     * field required, the fields' decodings given, and every record's text kept when a column's check may refuse a
     * row that decoded.
     */
    @Override
    public DeadLetterDecoding decoding(Map<String, String> options, DeadLetterDecoding.Request request) {
        Map<String, String> out = new LinkedHashMap<>(options);
        out.remove("format");
        out.keySet().removeIf(k -> k.startsWith("json."));
        out.put("format", IDENTIFIER);
        out.put(IDENTIFIER + "." + REQUIRED_FIELDS.key(), String.join(";", request.requiredFields()));
        request.fieldDecoding().ifPresent(d -> out.put(IDENTIFIER + "." + DECODING.key(), d));
        if (request.keepEveryPayload()) {
            out.put(IDENTIFIER + "." + PAYLOAD.key(), "always");
        }
        return new DeadLetterDecoding(out, ERROR_COLUMN, PAYLOAD_COLUMN);
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(REQUIRED_FIELDS, DECODING, PAYLOAD);
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        List<String> required = formatOptions.get(REQUIRED_FIELDS);
        Map<String, RtwJsonDeserializer.FieldSpec> decoding = decoding(formatOptions.get(DECODING));
        String payload = formatOptions.get(PAYLOAD);
        if (!payload.equals("on-error") && !payload.equals("always")) {
            throw new ValidationException("rtw-json.payload must be on-error or always, got '" + payload + "'");
        }
        return new DecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(
                    DynamicTableSource.Context ctx, DataType physicalDataType) {
                RowType rowType = (RowType) physicalDataType.getLogicalType();
                return new RtwJsonDeserializer(rowType, required, decoding, payload.equals("always"),
                        ctx.createTypeInformation(physicalDataType));
            }

            @Override
            public ChangelogMode getChangelogMode() {
                return ChangelogMode.insertOnly();
            }
        };
    }

    private static Map<String, RtwJsonDeserializer.FieldSpec> decoding(String json) {
        Map<String, RtwJsonDeserializer.FieldSpec> out = new LinkedHashMap<>();
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            root.fields().forEachRemaining(e -> out.put(e.getKey(), new RtwJsonDeserializer.FieldSpec(
                    text(e.getValue(), "format"), text(e.getValue(), "zone"), "raw".equals(text(e.getValue(), "json")))));
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("rtw-json.decoding is not a JSON object of field to {format, zone, json}: "
                    + json, e);
        }
        return out;
    }

    private static String text(JsonNode spec, String key) {
        JsonNode v = spec.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
