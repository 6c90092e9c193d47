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
 * Where a serving table is read or created from outside a job ({@code rtw kv}): the HBase table and how to reach it,
 * taken from the project's serving meta-table (named by its own name or by its HBase table) with each setting given
 * by the caller winning over it, else from those settings, {@code $RTW_HBASE_ZOOKEEPER} and the defaults of
 * {@code rtw local up}.
 *
 * @param name the table as the caller named it: a serving meta-table or an HBase table
 * @param table the HBase table, {@code [namespace:]name}
 * @param metaTable the serving meta-table the settings came from, if any
 * @param shownQuorum the ZooKeeper quorum as written, {@code ${env:NAME}} unresolved: what messages show
 * @param quorum the quorum to connect to
 * @param znodeParent HBase's root znode
 * @param family the column family the meta-table declares, if any
 * @param delimiter the row key delimiter
 * @param properties HBase client settings of the meta-table's {@code properties.*}, prefix removed, resolved
 * @param keyColumns the row key's columns in order, when the meta-table says
 * @param secrets where the settings' {@code ${env:NAME}} references were resolved
 * @param written what the settings were written as, to mask secrets in messages
 */
public record KvTarget(String name, String table, Optional<String> metaTable, String shownQuorum, String quorum,
        String znodeParent, Optional<String> family, String delimiter, Map<String, String> properties,
        List<String> keyColumns, Secrets secrets, String written) {

    /** The quorum when neither the caller, the project nor $RTW_HBASE_ZOOKEEPER names one: the local HBase's. */
    public static final String LOCAL_QUORUM = "127.0.0.1:2181";

    /** Settings the caller gives (the command line's flags); null where one is not given. */
    public record Flags(String zookeeper, String znodeParent, String delimiter) {}

    /**
     * The target {@code name} stands for in {@code project} (if any), with {@code flags} winning.
     *
     * @throws KvException when {@code name} is a meta-table of the project that is not an HBase serving table, or the
     *     HBase table of several
     */
    public static KvTarget resolve(String name, Optional<Project> project, Secrets secrets, Flags flags) {
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
        return new KvTarget(name, serving.map(t -> options.get(HBaseBindingFactory.TABLE.key())).orElse(name),
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
            throw new KvException("meta-table " + name + " is not a serving table (it has no kv: block); "
                    + "serving tables of the project: " + String.join(", ", project.tables().stream()
                            .filter(MetaTable::isServing).map(MetaTable::name).toList()), false);
        }
        List<MetaTable> candidates = named.map(List::of).orElseGet(() -> project.tables().stream()
                .filter(t -> t.kv().filter(b -> name.equals(b.options().get(HBaseBindingFactory.TABLE.key())))
                        .isPresent()).toList());
        if (candidates.size() > 1) {
            throw new KvException("HBase table " + name + " is served by meta-tables " + String.join(", ",
                    candidates.stream().map(MetaTable::name).toList()) + ": name one of them", false);
        }
        candidates.stream().map(MetaTable::kv).flatMap(Optional::stream).filter(b -> !b.kind().equals("hbase"))
                .findFirst().ifPresent(b -> {
                    throw new KvException("meta-table " + name + " is served by kind " + b.kind()
                            + ", not hbase", false);
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
    public String describe() {
        return table + metaTable.map(m -> " (meta-table " + m + ")").orElse("");
    }

    /** The row key of these key column values (in key order), as the rtw-hbase sink writes it. */
    public byte[] rowKey(List<String> values) {
        return RowKeys.of(values, delimiter);
    }
}
