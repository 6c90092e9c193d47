package io.rtw.meta.sql;

import io.rtw.meta.Column;
import io.rtw.meta.ColumnSource;
import io.rtw.meta.FieldDecoding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;

import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.rtw.meta.Identifiers.quote;
import static io.rtw.meta.Identifiers.literal;

/**
 * How one side of a meta-table reads its columns, as SQL: each column's value and, when the side has a dead-letter
 * table ({@code checked}), the reason a row cannot be read, naming the column or field and the value. A checked side
 * never throws on a value: casts are TRY_CASTs whose failures become reasons; a value outside a value map and a NULL
 * in a required ({@code NOT NULL} or event-time) column are reasons too.
 */
final class Reading {

    private final MetaTable table;
    private final Mode mode;
    private final boolean checked;
    private final Map<String, String> fields;

    Reading(MetaTable table, Mode mode, boolean checked) {
        this.table = table;
        this.mode = mode;
        this.checked = checked;
        this.fields = table.binding(mode).fields();
    }

    /** The column's value, of its declared (nullable) type. */
    String value(Column c) {
        ColumnSource source = c.source(mode);
        String type = c.type();
        if (source instanceof ColumnSource.Virtual v) {
            // A constant would make the column NOT NULL on this side only; keep the declared nullable type.
            return "IF(TRUE, CAST((" + v.sql() + ") AS " + type + "), CAST(NULL AS " + type + "))";
        }
        if (source instanceof ColumnSource.Mapped m) {
            String fieldType = fields.get(m.field());
            String cases = m.values().entrySet().stream()
                    .map(e -> " WHEN " + literalOf(e.getKey(), fieldType) + " THEN " + literalOf(e.getValue(), type))
                    .collect(Collectors.joining());
            return "CAST(CASE " + quote(m.field()) + cases + " END AS " + type + ")";
        }
        if (source instanceof ColumnSource.Field f) {
            String fieldType = fields.getOrDefault(f.field(), "");
            String cast = (checked && !sameType(fieldType, type) ? "TRY_CAST(" : "CAST(") + quote(f.field()) + " AS "
                    + type + ")";
            boolean notNull = fieldType.matches("(?is).*\\bNOT\\s+NULL\\s*");
            return notNull ? "IF(TRUE, " + cast + ", CAST(NULL AS " + type + "))" : cast;
        }
        String sql = ((ColumnSource.Expr) source).sql();
        return checked ? "TRY_CAST((" + TryCasts.rewrite(sql).sql() + ") AS " + type + ")"
                : "CAST((" + sql + ") AS " + type + ")";
    }

    /**
     * The first reason, in column order, a row cannot be read: {@code CASE WHEN ... THEN 'reason' ... END}, NULL for a
     * good row; empty when nothing can fail (or the side is not checked).
     */
    Optional<String> reason() {
        if (!checked) {
            return Optional.empty();
        }
        List<String> whens = new ArrayList<>();
        for (Column c : table.columns()) {
            checks(c, whens);
        }
        return whens.isEmpty() ? Optional.empty() : Optional.of("CASE" + String.join("", whens) + " END");
    }

    private void checks(Column c, List<String> whens) {
        ColumnSource source = c.source(mode);
        String column = "column '" + c.name() + "'";
        if (source instanceof ColumnSource.Virtual) {
            return;
        }
        if (source instanceof ColumnSource.Mapped m) {
            String field = quote(m.field());
            String keys = m.values().keySet().stream().map(k -> literalOf(k, fields.get(m.field())))
                    .collect(Collectors.joining(", "));
            when(whens, field + " IS NOT NULL AND " + field + " NOT IN (" + keys + ")", "field '" + m.field() + "': ",
                    field, " is not one of " + String.join(", ", m.values().keySet()));
        } else if (source instanceof ColumnSource.Field f) {
            String field = quote(f.field());
            if (!sameType(fields.getOrDefault(f.field(), ""), c.type())) {
                when(whens, field + " IS NOT NULL AND TRY_CAST(" + field + " AS " + c.type() + ") IS NULL", column
                        + ": field '" + f.field() + "' holds ", field, ", which is not a " + c.type());
            }
        } else {
            TryCasts.Rewritten rewritten = TryCasts.rewrite(((ColumnSource.Expr) source).sql());
            for (TryCasts.Cast cast : rewritten.casts()) {
                String operand = "(" + cast.operand() + ")";
                when(whens, operand + " IS NOT NULL AND TRY_CAST(" + operand + " AS " + cast.type() + ") IS NULL",
                        column + ": CAST(" + cast.operand() + " AS " + cast.type() + ") failed on ", operand, "");
            }
            String expr = "(" + rewritten.sql() + ")";
            when(whens, expr + " IS NOT NULL AND TRY_CAST(" + expr + " AS " + c.type() + ") IS NULL",
                    column + ": " + rewritten.sql() + " gives ", expr, ", which is not a " + c.type());
        }
        boolean eventTime = table.eventTime().map(e -> e.column().equals(c.name())).orElse(false);
        if (c.required() || eventTime) {
            when(whens, value(c) + " IS NULL", column + " is " + (eventTime ? "the event time" : "NOT NULL")
                    + " but NULL from " + c.source(mode).describe(), null, "");
        }
    }

    /**
     * {@code WHEN condition THEN 'before "' || value || '" after'}: the value's text in double quotes, so an empty or
     * padded string shows; the texts are literals, the value an expression.
     */
    private static void when(List<String> whens, String condition, String before, String value, String after) {
        String message = value == null ? literal(before + after)
                : "CONCAT(" + literal(before + "\"") + ", CAST(" + value + " AS STRING), " + literal("\"" + after) + ")";
        whens.add("\n    WHEN " + condition + " THEN " + message);
    }

    /** A value of a map, written for {@code type}: quoted text, TRUE/FALSE, or a number. */
    static String literalOf(String value, String type) {
        LogicalType t = LogicalTypeParser.parse(type, Reading.class.getClassLoader());
        if (t.is(LogicalTypeFamily.CHARACTER_STRING)) {
            return literal(value);
        }
        return t.is(LogicalTypeRoot.BOOLEAN) ? value.toUpperCase(java.util.Locale.ROOT) : value;
    }

    private static boolean sameType(String a, String b) {
        try {
            ClassLoader loader = Reading.class.getClassLoader();
            return LogicalTypeParser.parse(a, loader).copy(true).equals(LogicalTypeParser.parse(b, loader).copy(true));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The rtw-json option saying how decoded fields are read, as JSON: format, zone (the project's by default), raw. */
    static String decoding(Map<String, FieldDecoding> decoding, ZoneId zone) {
        return decoding.entrySet().stream().map(e -> {
            FieldDecoding d = e.getValue();
            List<String> parts = new ArrayList<>();
            d.format().ifPresent(f -> parts.add(json("format") + ":" + json(f)));
            parts.add(json("zone") + ":" + json(d.zone().orElse(zone.getId())));
            if (d.rawJson()) {
                parts.add(json("json") + ":" + json("raw"));
            }
            return json(e.getKey()) + ":{" + String.join(",", parts) + "}";
        }).collect(Collectors.joining(",", "{", "}"));
    }

    private static String json(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
