package io.rtw.meta.job;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Mode;
import io.rtw.meta.sql.Statements;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A binding a run uses, and the meta-table it belongs to: its server must answer before the run submits anything.
 *
 * @param table the meta-table's name
 * @param binding its binding the run reads or writes
 */
public record UsedBinding(String table, Binding binding) {

    /**
     * The bindings a run of {@code statements} uses: in stream mode every meta-table's stream binding (the archive,
     * dead-letter and late inserts read each of them), in both modes the serving binding of every serving meta-table
     * the statements name.
     */
    public static List<UsedBinding> of(List<MetaTable> tables, Mode mode, List<String> statements) {
        List<UsedBinding> out = new ArrayList<>();
        for (MetaTable t : tables) {
            if (t.isServing()) {
                if (statements.stream().anyMatch(s -> names(s, t.name()))) {
                    out.add(new UsedBinding(t.name(), t.kv().orElseThrow()));
                }
            } else if (mode == Mode.STREAM) {
                t.stream().ifPresent(b -> out.add(new UsedBinding(t.name(), b)));
            }
        }
        return out;
    }

    /** Whether {@code sql} names table {@code name} unqualified, outside comments and string literals. */
    public static boolean names(String sql, String name) {
        String code = Statements.withoutComments(sql).replaceAll("'(?:[^']|'')*'", "''");
        return Pattern.compile("(?<![\\w.`])`?" + Pattern.quote(name) + "`?(?![\\w`])", Pattern.CASE_INSENSITIVE)
                .matcher(code).find();
    }
}
