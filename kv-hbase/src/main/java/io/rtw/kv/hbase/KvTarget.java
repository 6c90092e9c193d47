package io.rtw.kv.hbase;

import io.rtw.meta.Binding;
import io.rtw.meta.MetaTable;
import io.rtw.meta.Project;
import io.rtw.meta.Secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code rtw kv} reads or creates a serving table: the HBase table and how to reach it, taken from the
 * project's serving meta-table (named by its own name or by its HBase table) with each command-line flag winning
 * over it, else from the flags, {@code $RTW_HBASE_ZOOKEEPER} and the defaults of {@code rtw local up}.
 *
 * @param table the HBase table, {@code [namespace:]name}
 * @param metaTable the serving meta-table the settings came from, if any
 * @param shownQuorum the ZooKeeper quorum as written, {@code ${env:NAME}} unresolved: what messages show
 * @param quorum the quorum to connect to
 * @param family the column family the meta-table declares, if any
 * @param delimiter the row key delimiter
 * @param properties HBase client settings of the meta-table's {@code properties.*}, prefix removed, resolved
 * @param keyColumns the row key's columns in order, when the meta-table says
 * @param written what the settings were written as, to mask secrets in messages
 */
record KvTarget(String table, Optional<String> metaTable, String shownQuorum, String quorum, String znodeParent,
        Optional<String> family, String delimiter, Map<String, String> properties, List<String> keyColumns,
        Secrets secrets, String written) {

    /** The quorum when neither a flag, the project nor $RTW_HBASE_ZOOKEEPER names one: the local HBase's. */
    static final String LOCAL_QUORUM = "127.0.0.1:2181";

    /** Settings given on the command line; null where a flag is not given. */
    record Flags(String zookeeper, String znodeParent, String delimiter) {}

    /** The target {@code name} stands for in {@code project} (if any), with {@code flags} winning. */
    static KvTarget resolve(String name, Optional<Project> project, Secrets secrets, Flags flags) {
        Optional<MetaTable> serving = project.flatMap(p -> serving(p, name));
        Map<String, String> options = serving.flatMap(MetaTable::kv).map(Binding::options).orElse(Map.of());
        String env = System.getenv("RTW_HBASE_ZOOKEEPER");
        String shown = first(flags.zookeeper(), options.get(HBaseBindingFactory.ZOOKEEPER_QUORUM.key()),
                env == null || env.isBlank() ? null : env, LOCAL_QUORUM);
        Map<String, String> properties = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(HBaseOptions.PROPERTIES_PREFIX)) {
                properties.put(k.substring(HBaseOptions.PROPERTIES_PREFIX.length()), secrets.resolveValue(v));
            }
        });
        return new KvTarget(serving.map(t -> options.get(HBaseBindingFactory.TABLE.key())).orElse(name),
                serving.map(MetaTable::name), shown, secrets.resolveValue(shown),
                first(flags.znodeParent(), options.get(HBaseBindingFactory.ZNODE_PARENT.key()),
                        HBaseBindingFactory.ZNODE_PARENT.defaultValue()),
                Optional.ofNullable(options.get(HBaseBindingFactory.COLUMN_FAMILY.key())),
                first(flags.delimiter(), options.get(HBaseBindingFactory.ROW_KEY_DELIMITER.key()),
                        HBaseBindingFactory.ROW_KEY_DELIMITER.defaultValue()),
                properties, serving.map(MetaTable::primaryKey).orElse(List.of()), secrets,
                shown + " " + String.join(" ", options.values()));
    }

    /**
     * The project's HBase serving meta-table called {@code name}, or the one whose HBase table is {@code name};
     * empty when none is (a table outside the project). A source meta-table of that name is a mistake.
     */
    private static Optional<MetaTable> serving(Project project, String name) {
        Optional<MetaTable> named = project.table(name);
        if (named.isPresent() && !named.get().isServing()) {
            throw new KvCommand.UsageError("meta-table " + name + " is not a serving table (it has no kv: block); "
                    + "serving tables of the project: " + String.join(", ", project.tables().stream()
                            .filter(MetaTable::isServing).map(MetaTable::name).toList()));
        }
        List<MetaTable> candidates = named.map(List::of).orElseGet(() -> project.tables().stream()
                .filter(t -> t.kv().filter(b -> name.equals(b.options().get(HBaseBindingFactory.TABLE.key())))
                        .isPresent()).toList());
        if (candidates.size() > 1) {
            throw new KvCommand.UsageError("HBase table " + name + " is served by meta-tables " + String.join(", ",
                    candidates.stream().map(MetaTable::name).toList()) + ": name one of them");
        }
        candidates.stream().map(MetaTable::kv).flatMap(Optional::stream).filter(b -> !b.kind().equals("hbase"))
                .findFirst().ifPresent(b -> {
                    throw new KvCommand.UsageError("meta-table " + name + " is served by kind " + b.kind()
                            + ", not hbase");
                });
        return candidates.stream().findFirst();
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalArgumentException("no value");
    }

    /** {@code message} with the value of every secret the settings reference replaced by its reference. */
    String mask(String message) {
        return secrets.mask(written, message);
    }

    /** The table for people: its HBase name, and the meta-table it came from. */
    String describe() {
        return table + metaTable.map(m -> " (meta-table " + m + ")").orElse("");
    }
}
