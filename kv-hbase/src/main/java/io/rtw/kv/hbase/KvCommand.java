package io.rtw.kv.hbase;

import io.rtw.meta.ProjectOptions;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import io.rtw.meta.ProjectOptions;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ArrayNode;
import io.rtw.meta.ProjectOptions;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
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
 * {@code rtw kv get TABLE KEY...}: reads one row of a serving table from HBase and prints it aligned for
 * people or as JSON for scripts; {@code rtw kv create TABLE} creates a serving table. TABLE is a serving
 * meta-table of the project (or its HBase table), whose HBase address and row key settings are used unless a flag
 * says otherwise, or any HBase table. Register it as a subcommand of the top-level command
 * ({@code subcommands = KvCommand.class}). Exit codes: 0 done, 1 no such row or table, a bad argument, or an HBase
 * that could not be reached.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Reads the key-value serving store (HBase) and creates its tables.",
        subcommands = {KvCommand.Get.class, KvCommand.Create.class},
        footer = {"", "Example:", "  rtw kv get uv_serving day_uv app 2026-11-21"})
public final class KvCommand {

    /** Exit code for a mistake the user can fix, a row that is not there, or an HBase that cannot be reached. */
    static final int USER_ERROR = 1;

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

        /** The client configuration: one attempt per operation, each bounded by --timeout. */
        Configuration configuration(KvTarget target) {
            if (timeoutSeconds < 1) {
                throw new UsageError("--timeout must be at least 1 second, got " + timeoutSeconds);
            }
            return new ConnectionConfig(target.table(), target.quorum(), target.znodeParent(),
                    Duration.ofSeconds(timeoutSeconds), target.properties()).oneAttempt();
        }

        /** Whether HBase answered and said no (a missing namespace, say), rather than not answering. */
        private static boolean refused(Throwable e) {
            for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof org.apache.hadoop.ipc.RemoteException
                        || c instanceof org.apache.hadoop.hbase.DoNotRetryIOException) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Prints a usage error, or what kept HBase from answering, in one line (secrets masked); returns the exit
         * code. {@code target} is null when the mistake came before it was known.
         */
        int fail(PrintWriter err, String doing, Exception e, KvTarget target) {
            String line;
            if (e instanceof UsageError || target == null) {
                line = "rtw: " + e.getMessage();
            } else if (refused(e)) {
                // A remote exception's text starts with the server's class name: shown once, without its package.
                line = "rtw: cannot " + doing + " in HBase at " + target.shownQuorum() + ": HBase refused it: "
                        + ConnectionConfig.why(e).replaceFirst("^RemoteWithExtrasException: ([\\w$]+\\.)*", "");
            } else {
                line = "rtw: cannot " + doing + " in HBase at " + target.shownQuorum() + " within " + timeoutSeconds
                        + " s: " + ConnectionConfig.why(e) + " (is HBase up? rtw local status shows the local one)";
            }
            err.println(target == null ? line : target.mask(line));
            err.flush();
            return USER_ERROR;
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
            KvTarget target = null;
            try {
                target = server.target(table, null);
                String f = family != null ? family : target.family().orElse(HBaseOptions.COLUMN_FAMILY.defaultValue());
                TableName name = tableName(target.table());
                boolean created = HBaseTables.ensure(server.configuration(target), name, f);
                spec.commandLine().getOut().println((created ? "created table " : "table exists: ")
                        + target.describe() + " in HBase at " + target.shownQuorum() + (created ? " with column family "
                        + f : ""));
                return 0;
            } catch (IOException | UsageError e) {
                return server.fail(spec.commandLine().getErr(), "create table " + table, e, target);
            }
        }
    }

    private static TableName tableName(String table) {
        try {
            return TableName.valueOf(table);
        } catch (IllegalArgumentException e) {
            throw new UsageError("'" + table + "' is not a valid HBase table name: " + e.getMessage());
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
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KvTarget target = null;
            try {
                target = server.target(table, delimiter);
                return get(out, target);
            } catch (IOException | UsageError e) {
                return server.fail(err, "read table " + table, e, target);
            }
        }

        private int get(PrintWriter out, KvTarget target) throws IOException {
            if (!format.equals("text") && !format.equals("json")) {
                throw new UsageError("unknown format '" + format + "'; expected text or json");
            }
            if (rawKey && key.size() != 1) {
                throw new UsageError("--raw-key takes exactly one KEY, got " + key.size());
            }
            String delim = target.delimiter();
            if (delim.isEmpty() || delim.contains("\\")) {
                throw new UsageError("--delimiter must be non-empty and without a backslash, got '" + delim + "'");
            }
            if (!rawKey && !target.keyColumns().isEmpty() && key.size() != target.keyColumns().size()) {
                throw new UsageError("the row key of " + target.describe() + " is " + String.join(", ",
                        target.keyColumns()) + ": " + target.keyColumns().size() + " values, got " + key.size());
            }
            TableName name = tableName(target.table());
            byte[] row = rawKey ? Bytes.toBytes(key.get(0)) : RowKeys.of(key, delim);
            Configuration conf = server.configuration(target);
            try (Connection c = ConnectionFactory.createConnection(conf); Admin admin = c.getAdmin()) {
                if (!admin.tableExists(name)) {
                    throw new UsageError("no table " + target.describe() + " in HBase at " + target.shownQuorum());
                }
                org.apache.hadoop.hbase.client.Get get = new org.apache.hadoop.hbase.client.Get(row);
                if (family != null) {
                    get.addFamily(Bytes.toBytes(family));
                }
                Result result;
                try (Table t = c.getTable(name)) {
                    result = t.get(get);
                }
                String shownKey = Bytes.toString(row);
                if (result.isEmpty()) {
                    throw new UsageError("no row with key '" + shownKey + "' in table " + target.describe()
                            + (family != null ? " (family " + family + ")" : ""));
                }
                List<Cell> cells = result.listCells();
                if (format.equals("json")) {
                    out.println(json(target.table(), shownKey, cells));
                } else {
                    text(out, target, shownKey, cells);
                }
                out.flush();
                return 0;
            } catch (org.apache.hadoop.hbase.NamespaceNotFoundException e) {
                throw new UsageError("no namespace for table " + target.table() + " in HBase at "
                        + target.shownQuorum());
            }
        }

        private void text(PrintWriter out, KvTarget target, String rowKey, List<Cell> cells) {
            out.println("table " + target.describe() + " in HBase at " + target.shownQuorum() + ", row key " + rowKey);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"COLUMN", "VALUE", "TIMESTAMP"});
            for (Cell cell : cells) {
                byte[] v = CellUtil.cloneValue(cell);
                rows.add(new String[] {column(cell), printable(v).orElseGet(() -> shortBase64(v)),
                        Instant.ofEpochMilli(cell.getTimestamp()).toString()});
            }
            int[] w = new int[3];
            for (String[] r : rows) {
                for (int i = 0; i < 3; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                out.println((pad(r[0], w[0]) + "  " + pad(r[1], w[1]) + "  " + r[2]).stripTrailing());
            }
        }

        private String json(String hbaseTable, String rowKey, List<Cell> cells) {
            ObjectNode j = JSON.createObjectNode().put("table", hbaseTable).put("rowKey", rowKey);
            ArrayNode array = j.putArray("cells");
            for (Cell cell : cells) {
                byte[] v = CellUtil.cloneValue(cell);
                ObjectNode c = array.addObject().put("family", Bytes.toString(CellUtil.cloneFamily(cell)))
                        .put("qualifier", Bytes.toString(CellUtil.cloneQualifier(cell)));
                printable(v).ifPresentOrElse(text -> c.put("value", text), () -> c.put("base64", base64(v)));
                c.put("timestamp", cell.getTimestamp());
            }
            return j.toString();
        }
    }

    /** A mistake in the arguments, or a table or row that is not there. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    private static String column(Cell cell) {
        return Bytes.toString(CellUtil.cloneFamily(cell)) + ":" + Bytes.toString(CellUtil.cloneQualifier(cell));
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

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
