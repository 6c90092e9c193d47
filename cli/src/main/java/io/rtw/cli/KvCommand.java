package io.rtw.cli;

import io.rtw.kv.hbase.HBaseOptions;
import io.rtw.kv.hbase.HBaseTables;
import io.rtw.kv.hbase.KvTarget;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code rtw kv get TABLE KEY...}: reads one row of a serving table from HBase and prints it aligned for people or
 * as JSON for scripts; {@code rtw kv create TABLE} creates a serving table. TABLE is a serving meta-table of the
 * project (or its HBase table), whose HBase address and row key settings are used unless a flag says otherwise, or
 * any HBase table.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Reads the key-value serving store (HBase) and creates its tables.",
        subcommands = {KvCommand.Get.class, KvCommand.Create.class},
        footer = {"", "Example:", "  rtw kv get uv_serving day_uv app 2026-11-21"})
final class KvCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where HBase is, shared by the subcommands: the project's serving meta-table, or these flags. */
    static final class Server {
        @Mixin ProjectOptions project;

        @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,...]",
                description = "HBase's ZooKeeper quorum. Default: the serving meta-table's zookeeper-quorum, else "
                        + "$RTW_HBASE_ZOOKEEPER, else " + KvTarget.LOCAL_QUORUM + " (rtw local up).")
        String zookeeper;

        @Option(names = "--znode-parent", paramLabel = "ZNODE",
                description = "HBase's root znode. Default: the serving meta-table's znode-parent, else /hbase.")
        String znodeParent;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
                description = "How long to try to reach HBase. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        /** Where {@code table} is: the project's serving meta-table of that name or HBase table, flags winning. */
        KvTarget target(String table, String delimiter) {
            return KvTarget.resolve(table, project.loadIfPresent(), project.options().secrets(),
                    new KvTarget.Flags(zookeeper, znodeParent, delimiter));
        }

        /** How long each operation may take. */
        Duration timeout() {
            if (timeoutSeconds < 1) {
                throw new UserException("--timeout must be at least 1 second, got " + timeoutSeconds);
            }
            return Duration.ofSeconds(timeoutSeconds);
        }
    }

    /** {@code rtw kv create TABLE [--family F]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a serving table with its column family unless it exists (the rtw-hbase sink "
                    + "writes into tables that exist).",
            footer = {"", "Examples:",
                "  rtw kv create uv_serving      # table, family and HBase as the project says",
                "  rtw kv create ads:ads_uv_cum --family f --zookeeper 10.0.0.5:2181"})
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Server server;

        @Parameters(index = "0", paramLabel = "TABLE",
                description = "Serving meta-table, or HBase table [namespace:]name.")
        String table;

        @Option(names = "--family", paramLabel = "FAMILY",
                description = "Column family. Default: the serving meta-table's column-family, else f.")
        String family;

        @Override
        public Integer call() {
            KvTarget target = server.target(table, null);
            String f = family != null ? family : target.family().orElse(HBaseOptions.COLUMN_FAMILY.defaultValue());
            boolean created = HBaseTables.create(target, f, server.timeout());
            spec.commandLine().getOut().println((created ? "created table " : "table exists: ") + target.describe()
                    + " in HBase at " + target.shownQuorum() + (created ? " with column family " + f : ""));
            return 0;
        }
    }

    /** {@code rtw kv get TABLE KEY...}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints one row: its cells with values and write timestamps. KEY is the row's key "
                    + "columns in key order, joined with the row key delimiter as the rtw-hbase sink does "
                    + "(escaping the delimiter inside a value); with --raw-key, the row key as stored. Values "
                    + "are shown as text; binary values (sketches) as base64.",
            footer = {"", "Examples:",
                "  rtw kv get uv_serving day_uv app 2026-11-21   # HBase, key as the project says",
                "  rtw kv get rtw_uv_serving --raw-key 'day_uv|app|2026-11-21' --format json",
                "  rtw kv get --zookeeper 10.0.0.5:2181 ads_uv_cum uv all 2024-01-31"})
    static final class Get implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TABLE",
                description = "Serving meta-table, or HBase table [namespace:]name.")
        String table;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY",
                description = "Key column values in key order (or one row key with --raw-key).")
        List<String> key = new ArrayList<>();

        @Mixin Server server;

        @Option(names = "--family", paramLabel = "FAMILY",
                description = "Only this column family. Default: every family.")
        String family;

        @Option(names = "--delimiter", paramLabel = "TEXT",
                description = "Row key delimiter of the table. Default: the serving meta-table's row-key-delimiter, "
                        + "else |.")
        String delimiter;

        @Option(names = "--raw-key", description = "KEY is one row key as stored, not key column values.")
        boolean rawKey;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (aligned, for people) or json (one object, for scripts). Default: "
                        + "${DEFAULT-VALUE}.")
        String format;

        @Override
        public Integer call() {
            KvTarget target = server.target(table, delimiter);
            if (!format.equals("text") && !format.equals("json")) {
                throw new UserException("unknown format '" + format + "'; expected text or json");
            }
            if (rawKey && key.size() != 1) {
                throw new UserException("--raw-key takes exactly one KEY, got " + key.size());
            }
            String delim = target.delimiter();
            if (delim.isEmpty() || delim.contains("\\")) {
                throw new UserException("--delimiter must be non-empty and without a backslash, got '" + delim + "'");
            }
            if (!rawKey && !target.keyColumns().isEmpty() && key.size() != target.keyColumns().size()) {
                throw new UserException("the row key of " + target.describe() + " is " + String.join(", ",
                        target.keyColumns()) + ": " + target.keyColumns().size() + " values, got " + key.size());
            }
            byte[] row = rawKey ? key.get(0).getBytes(StandardCharsets.UTF_8) : target.rowKey(key);
            List<HBaseTables.Cell> cells = HBaseTables.get(target, row, Optional.ofNullable(family),
                    server.timeout());
            String shownKey = new String(row, StandardCharsets.UTF_8);
            if (cells.isEmpty()) {
                throw new UserException("no row with key '" + shownKey + "' in table " + target.describe()
                        + (family != null ? " (family " + family + ")" : ""));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                out.println(json(target.table(), shownKey, cells));
            } else {
                out.println("table " + target.describe() + " in HBase at " + target.shownQuorum() + ", row key "
                        + shownKey);
                TextTable t = TextTable.withoutRule("COLUMN", "VALUE", "TIMESTAMP");
                for (HBaseTables.Cell cell : cells) {
                    t.row(cell.family() + ":" + cell.qualifier(), printable(cell.value())
                            .orElseGet(() -> shortBase64(cell.value())), Instant.ofEpochMilli(cell.timestamp())
                            .toString());
                }
                t.print(out);
            }
            out.flush();
            return 0;
        }

        private static String json(String hbaseTable, String rowKey, List<HBaseTables.Cell> cells) {
            ObjectNode j = JSON.createObjectNode().put("table", hbaseTable).put("rowKey", rowKey);
            ArrayNode array = j.putArray("cells");
            for (HBaseTables.Cell cell : cells) {
                ObjectNode c = array.addObject().put("family", cell.family()).put("qualifier", cell.qualifier());
                printable(cell.value()).ifPresentOrElse(text -> c.put("value", text),
                        () -> c.put("base64", base64(cell.value())));
                c.put("timestamp", cell.timestamp());
            }
            return j.toString();
        }
    }

    /** The value as text if it is valid UTF-8 without control characters. */
    static Optional<String> printable(byte[] v) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(v)).toString();
            for (int i = 0; i < s.length(); i++) {
                if (Character.isISOControl(s.charAt(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(s);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Binary values in the aligned table: short ones whole, long ones (sketches) cut, with their size. */
    private static String shortBase64(byte[] v) {
        String b = base64(v);
        return b.length() <= 48 ? "base64:" + b
                : "base64:" + b.substring(0, 40) + "... (" + v.length + " bytes; --format json shows all)";
    }

    private static String base64(byte[] v) {
        return Base64.getEncoder().encodeToString(v);
    }
}
