package io.rtw.cli;

import io.rtw.local.junit.HBaseExtension;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rtw kv get} against a real HBase. */
class KvCommandITCase {

    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    private static final long TS = 1_795_000_000_000L;

    /** Output, error and exit code of one run. */
    record Run(int code, String out, String err) {}

    static Run kv(String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (a.get(0).equals("get")) {
            a.addAll(1, List.of("--zookeeper", HBASE.zookeeperAddress()));
        }
        return plain(a.toArray(new String[0]));
    }

    /** A run of {@code rtw kv} without the --zookeeper this class otherwise adds. */
    static Run plain(String... args) {
        List<String> a = new ArrayList<>(List.of("kv"));
        a.addAll(List.of(args));
        RtwTest.Run r = RtwTest.run(a.toArray(new String[0]));
        return new Run(r.code(), r.out(), r.err());
    }

    /** A client of the test's HBase. */
    static Connection connect() throws IOException {
        Configuration conf = HBaseConfiguration.create();
        HBASE.clientProperties().forEach(conf::set);
        conf.setInt("hbase.client.retries.number", 10);
        return ConnectionFactory.createConnection(conf);
    }

    /**
     * A project whose serving meta-table {@code serving} is HBase table kv_cli at {@code quorum} (which may name
     * variables and secrets), with variable hbase.zookeeper set to {@code zookeeper}; {@code made}, a table with
     * column family g; and {@code absent}, whose table no one creates.
     */
    static Path project(Path dir, String quorum, String zookeeper) throws Exception {
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("rtw.yaml"), "name: kv\nvars:\n  hbase.zookeeper: \"" + zookeeper + "\"\n");
        String columns = """
                columns:
                  - {name: metric, type: STRING}
                  - {name: channel, type: STRING}
                  - {name: dt, type: STRING}
                  - {name: uv, type: STRING}
                primary-key: [metric, channel, dt]
                """;
        Files.writeString(dir.resolve("meta/serving.yaml"), "name: serving\n" + columns + "kv:\n  kind: hbase\n"
                + "  table: kv_cli\n  zookeeper-quorum: \"" + quorum + "\"\n");
        Files.writeString(dir.resolve("meta/made.yaml"), "name: made\n" + columns + "kv:\n  kind: hbase\n"
                + "  table: kv_made\n  column-family: g\n  zookeeper-quorum: \"" + quorum + "\"\n");
        Files.writeString(dir.resolve("meta/absent.yaml"), "name: absent\n" + columns + "kv:\n  kind: hbase\n"
                + "  table: kv_absent\n  zookeeper-quorum: \"" + quorum + "\"\n");
        return dir;
    }

    @BeforeAll
    static void writeARow() throws Exception {
        try (Connection c = connect(); Admin admin = c.getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(TableName.valueOf("kv_cli"))
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes("f")).build()).build());
        }
        try (Connection c = connect(); Table t = c.getTable(TableName.valueOf("kv_cli"))) {
            byte[] f = Bytes.toBytes("f");
            t.put(new Put(Bytes.toBytes("uv|a\\|b|2026-11-21"))
                    .addColumn(f, Bytes.toBytes("uv"), TS, Bytes.toBytes("1234"))
                    .addColumn(f, Bytes.toBytes("sketch"), TS, new byte[] {0, 1, (byte) 0xfe})
                    .addColumn(f, Bytes.toBytes("label"), TS, Bytes.toBytes("Grüße \"x\"")));
        }
    }

    @Test
    void printsARowAlignedForPeople() {
        Run r = kv("get", "kv_cli", "uv", "a|b", "2026-11-21");
        assertThat(r.code()).as(r.err()).isZero();
        String ts = Instant.ofEpochMilli(TS).toString();
        assertThat(r.out().lines()).containsExactly(
                "table kv_cli in HBase at " + HBASE.zookeeperAddress() + ", row key uv|a\\|b|2026-11-21",
                "COLUMN    VALUE        TIMESTAMP",
                "f:label   Grüße \"x\"    " + ts,
                "f:sketch  base64:AAH+  " + ts,
                "f:uv      1234         " + ts);
    }

    @Test
    void printsARowAsJsonForScripts() {
        Run r = kv("get", "--format", "json", "--raw-key", "kv_cli", "uv|a\\|b|2026-11-21");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("{\"table\":\"kv_cli\",\"rowKey\":\"uv|a\\\\|b|2026-11-21\",\"cells\":["
                + "{\"family\":\"f\",\"qualifier\":\"label\",\"value\":\"Grüße \\\"x\\\"\",\"timestamp\":" + TS + "},"
                + "{\"family\":\"f\",\"qualifier\":\"sketch\",\"base64\":\"AAH+\",\"timestamp\":" + TS + "},"
                + "{\"family\":\"f\",\"qualifier\":\"uv\",\"value\":\"1234\",\"timestamp\":" + TS + "}]}");
    }

    @Test
    void aMissingRowOrTableIsAUserError() {
        Run row = kv("get", "kv_cli", "uv", "nope");
        assertThat(row.code()).isEqualTo(1);
        assertThat(row.err()).isEqualTo("rtw: no row with key 'uv|nope' in table kv_cli" + System.lineSeparator());
        Run table = kv("get", "no_such_table", "k");
        assertThat(table.code()).isEqualTo(1);
        assertThat(table.err()).startsWith("rtw: no table no_such_table in HBase at " + HBASE.zookeeperAddress());
    }

    @Test
    void anHBaseThatDoesNotAnswerIsAUserErrorInOneLine() {
        // Port 1: nothing listens there.
        Run r = plain("get", "--zookeeper", "127.0.0.1:1", "--timeout", "3", "kv_cli", "uv", "x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("rtw: cannot read table kv_cli in HBase at 127.0.0.1:1 within 3 s: ")
                .endsWith(" (is HBase up? rtw local status shows the local one)" + System.lineSeparator())
                .hasLineCount(1);
    }

    @Test
    void createMakesAServingTableOnceWithItsFamily() throws Exception {
        Run first = kv("create", "--zookeeper", HBASE.zookeeperAddress(), "kv_created", "--family", "g");
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo("created table kv_created in HBase at " + HBASE.zookeeperAddress()
                + " with column family g" + System.lineSeparator());
        Run again = kv("create", "--zookeeper", HBASE.zookeeperAddress(), "kv_created");
        assertThat(again.out()).isEqualTo("table exists: kv_created in HBase at " + HBASE.zookeeperAddress()
                + System.lineSeparator());
        try (Connection c = connect(); Admin admin = c.getAdmin()) {
            assertThat(admin.getDescriptor(TableName.valueOf("kv_created")).getColumnFamilyNames())
                    .containsExactly(Bytes.toBytes("g"));
        }
        Run bad = kv("create", "--zookeeper", HBASE.zookeeperAddress(), "no spaces");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("rtw: 'no spaces' is not a valid HBase table name");
        Run noNamespace = kv("create", "--zookeeper", HBASE.zookeeperAddress(), "no_such_namespace:t");
        assertThat(noNamespace.code()).isEqualTo(1);
        assertThat(noNamespace.err()).isEqualTo("rtw: cannot create table no_such_namespace:t in HBase at "
                + HBASE.zookeeperAddress() + ": HBase refused it: NamespaceNotFoundException: no_such_namespace"
                + System.lineSeparator());
    }

    @Test
    void badArgumentsAreUserErrorsWithHelpThatHasExamples() {
        assertThat(kv("get", "--format", "xml", "kv_cli", "k").err()).contains("unknown format 'xml'");
        assertThat(kv("get", "--raw-key", "kv_cli", "a", "b").code()).isEqualTo(1);
        Run help = kv("get", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: rtw kv get").contains("Examples:").contains("--zookeeper");
    }

    @Test
    void getAndCreateTakeHBaseFromTheProjectsServingMetaTable(@TempDir Path dir) throws Exception {
        // HBase's address is only in the project's variables: no flag, no environment.
        String p = project(dir, "${hbase.zookeeper}", HBASE.zookeeperAddress()).toString();
        String ts = Instant.ofEpochMilli(TS).toString();
        for (String table : List.of("serving", "kv_cli")) {
            Run r = plain("get", "-p", p, table, "uv", "a|b", "2026-11-21");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines()).first().isEqualTo("table kv_cli (meta-table serving) in HBase at "
                    + HBASE.zookeeperAddress() + ", row key uv|a\\|b|2026-11-21");
            assertThat(r.out().lines()).contains("f:uv      1234         " + ts);
        }
        Run wrongKey = plain("get", "-p", p, "serving", "uv", "2026-11-21");
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(wrongKey.err()).isEqualTo("rtw: the row key of kv_cli (meta-table serving) is metric, channel, dt: "
                + "3 values, got 2" + System.lineSeparator());

        Run made = plain("create", "-p", p, "made");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).isEqualTo("created table kv_made (meta-table made) in HBase at "
                + HBASE.zookeeperAddress() + " with column family g" + System.lineSeparator());
        try (Connection c = connect(); Admin admin = c.getAdmin()) {
            assertThat(admin.getDescriptor(TableName.valueOf("kv_made")).getColumnFamilyNames())
                    .containsExactly(Bytes.toBytes("g"));
        }
    }

    @Test
    void aFlagWinsOverTheProject(@TempDir Path dir) throws Exception {
        // The project points at a port where nothing listens; the flag at the real HBase.
        String p = project(dir, "${hbase.zookeeper}", "127.0.0.1:1").toString();
        Run r = plain("get", "-p", p, "--zookeeper", HBASE.zookeeperAddress(), "serving", "uv", "a|b", "2026-11-21");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("table kv_cli (meta-table serving) in HBase at " + HBASE.zookeeperAddress());
        Run project = plain("get", "-p", p, "--timeout", "3", "serving", "uv", "a|b", "2026-11-21");
        assertThat(project.code()).isEqualTo(1);
        assertThat(project.err()).startsWith("rtw: cannot read table serving in HBase at 127.0.0.1:1 within 3 s: ");
        // --var is a flag too: it sets the variable the meta-table's quorum is made of.
        Run var = plain("get", "-p", p, "--var", "hbase.zookeeper=" + HBASE.zookeeperAddress(), "serving", "uv", "a|b",
                "2026-11-21");
        assertThat(var.code()).as(var.err()).isZero();
    }

    @Test
    void aSecretInTheQuorumConnectsAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        // The host comes from ${env:RTW_KV_TEST_HOST} (set to 127.0.0.1 for this test run), the port from a variable.
        String port = HBASE.zookeeperAddress().substring(HBASE.zookeeperAddress().lastIndexOf(':') + 1);
        String p = project(dir, "${env:RTW_KV_TEST_HOST}:${hbase.zookeeper}", port).toString();
        Run ok = plain("get", "-p", p, "serving", "uv", "a|b", "2026-11-21");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("table kv_cli (meta-table serving) in HBase at ${env:RTW_KV_TEST_HOST}:" + port
                + ", row key").doesNotContain("127.0.0.1");
        String dead = project(dir.resolve("dead"), "${env:RTW_KV_TEST_HOST}:${hbase.zookeeper}", "1").toString();
        for (Run failed : List.of(plain("get", "-p", dead, "--timeout", "3", "serving", "uv", "a|b", "2026-11-21"),
                plain("get", "-p", p, "absent", "uv", "no", "such"))) {
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.err()).contains("${env:RTW_KV_TEST_HOST}").doesNotContain("127.0.0.1");
        }
    }
}
