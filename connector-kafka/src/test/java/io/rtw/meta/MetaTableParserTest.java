package io.rtw.meta;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaTableParserTest {

    private static final Path VALID = Path.of("src/test/resources/valid-clicks.yaml");

    private final MetaTableParser parser = MetaTableParser.yaml(Variables.empty(), Secrets.of(Map.of()));

    @Test
    void parsesAFileIntoTheExpectedRecord() {
        Map<String, String> streamFields = new LinkedHashMap<>();
        streamFields.put("click_id", "STRING");
        streamFields.put("user_id", "BIGINT");
        streamFields.put("ts", "BIGINT");
        streamFields.put("is_new", "INT");
        Map<String, String> batchFields = new LinkedHashMap<>();
        batchFields.put("click_id", "STRING");
        batchFields.put("user_id", "BIGINT");
        batchFields.put("click_time", "TIMESTAMP(3)");
        batchFields.put("new_flag", "STRING");
        batchFields.put("dt", "STRING");
        MetaTable expected = new MetaTable(
                "clicks",
                "Clicks, for the malformed corpus.",
                "tests",
                List.of(
                        new Column("click_id", "STRING", "", field("click_id"), field("click_id")),
                        new Column("user_id", "BIGINT", "", field("user_id"), field("user_id")),
                        new Column("click_time", "TIMESTAMP_LTZ(3)", "",
                                new ColumnSource.Expr("TO_TIMESTAMP_LTZ(ts, 3)"),
                                new ColumnSource.Expr("CAST(click_time AS TIMESTAMP_LTZ(3))")),
                        new Column("is_new", "BOOLEAN", "", new ColumnSource.Expr("is_new = 1"),
                                new ColumnSource.Expr("new_flag = 'Y'"))),
                List.of("click_id"),
                Optional.of(new EventTime("click_time", Duration.ofSeconds(5))),
                Optional.of(new Binding("kafka", Map.of("topic", "clicks", "bootstrap-servers", "127.0.0.1:9092",
                        "startup-mode", "earliest-offset"), streamFields)),
                Optional.of(new Binding("paimon", Map.of("warehouse", "file:///tmp/rtw-corpus", "database", "ods",
                        "table", "clicks", "partition-column", "dt"), batchFields)),
                Optional.empty());

        assertThat(parser.parse(VALID)).isEqualTo(expected);
    }

    @Test
    void readsTypedFieldsValueMapsAndNotNullColumns() {
        MetaTable t = MetaTableParser.yaml(Variables.of(Map.of("kafka.bootstrap", "127.0.0.1:9092", "kafka.group", "g",
                "watermark.emit", "on-event")), Secrets.of(Map.of())).parse(Path.of("../sql/examples/orders/meta/orders.yaml"));

        Binding stream = t.stream().orElseThrow();
        assertThat(stream.fields()).containsEntry("pay_time", "TIMESTAMP_LTZ(3)").containsEntry("buyer", "STRING");
        assertThat(stream.decoding()).containsExactly(Map.entry("pay_time",
                new FieldDecoding(Optional.of("iso-8601"), Optional.empty(), false)));
        assertThat(t.column("refunded").orElseThrow().stream()).isEqualTo(new ColumnSource.Mapped("status",
                Map.of("PAID", "false", "REFUNDED", "true")));
        assertThat(t.column("refunded").orElseThrow().batch()).isEqualTo(new ColumnSource.Mapped("refund_flag",
                Map.of("Y", "true", "N", "false")));
        assertThat(t.column("refunded").orElseThrow().batch().describe())
                .isEqualTo("field refund_flag through values {Y: true, N: false}");
        assertThat(t.columns()).filteredOn(Column::required).extracting(Column::name)
                .containsExactly("order_id", "buyer_id", "amount");
        assertThat(t.column("amount").orElseThrow().type()).isEqualTo("DECIMAL(12, 2)");
        assertThat(t.batch().orElseThrow().deadLetterTable()).hasValue("paimon.ods.orders_di_dead_letter");
    }

    @Test
    void knowsWhichColumnsAreVirtualPerMode() {
        MetaTable t = parser.parse("""
                name: users
                columns:
                  - {name: user_id, type: BIGINT}
                  - name: pv
                    type: BIGINT
                    stream: {virtual: "1"}
                stream:
                  kind: filesystem
                  path: /tmp/a
                  format: json
                  fields: {user_id: BIGINT}
                batch:
                  kind: filesystem
                  path: /tmp/b
                  format: csv
                  fields: {user_id: BIGINT, pv: BIGINT}
                """, "users.yaml");

        assertThat(t.isVirtual("pv", Mode.STREAM)).isTrue();
        assertThat(t.isVirtual("pv", Mode.BATCH)).isFalse();
        assertThat(t.isVirtual("user_id", Mode.STREAM)).isFalse();
    }

    @Test
    void resolvesVariablesAndKeepsSecretsAsReferences() {
        MetaTableParser withVars = MetaTableParser.yaml(Variables.of(Map.of("brokers", "10.0.0.1:9092")),
                Secrets.of(Map.of("KAFKA_JAAS", "user=\"u\" password=\"hunter2\"")));
        MetaTable t = withVars.parse("""
                name: events
                columns: [{name: id, type: STRING}]
                stream:
                  kind: kafka
                  topic: events
                  bootstrap-servers: ${brokers}
                  startup-mode: latest-offset
                  properties:
                    sasl.jaas.config: ${env:KAFKA_JAAS}
                  fields: {id: STRING}
                batch:
                  kind: filesystem
                  path: /data/events
                  format: json
                  fields: {id: STRING}
                """, "events.yaml");

        assertThat(t.stream().orElseThrow().options())
                .containsEntry("bootstrap-servers", "10.0.0.1:9092")
                .containsEntry("properties.sasl.jaas.config", "${env:KAFKA_JAAS}");
    }

    @Test
    void anUnsetSecretIsALocatedProblem() {
        assertThatThrownBy(() -> parser.parse("""
                name: events
                columns: [{name: id, type: STRING}]
                stream:
                  kind: kafka
                  topic: events
                  bootstrap-servers: ${env:NO_SUCH_VARIABLE_FOR_RTW}
                  startup-mode: latest-offset
                  fields: {id: STRING}
                batch: {kind: filesystem, path: /x, format: json, fields: {id: STRING}}
                """, "events.yaml"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems())
                        .containsExactly(new Problem(new Location("events.yaml", 6, 22, "stream.bootstrap-servers"),
                                "environment variable NO_SUCH_VARIABLE_FOR_RTW is not set")));
    }

    @Test
    void aTopicOrBrokerKafkaWouldRefuseIsAProblemAtItsKey() {
        String yaml = """
                name: events
                columns: [{name: id, type: STRING}]
                stream:
                  kind: kafka
                  topic: app events;clicks;..
                  bootstrap-servers: broker-1:9092, broker-2,SASL_SSL://[::1]:9093
                  startup-mode: latest-offset
                  fields: {id: STRING}
                batch: {kind: filesystem, path: /x, format: json, fields: {id: STRING}}
                """;
        Location topic = new Location("events.yaml", 5, 10, "stream.topic");
        Location brokers = new Location("events.yaml", 6, 22, "stream.bootstrap-servers");

        assertThatThrownBy(() -> parser.parse(yaml, "events.yaml"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem(topic, "topic 'app events' is not a Kafka topic name: 1 to 249 letters, digits, "
                                + "'.', '_' or '-' (several topics are separated by ';')"),
                        new Problem(topic, "topic '..' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' "
                                + "or '-' (several topics are separated by ';')"),
                        new Problem(brokers, "bootstrap-servers entry 'broker-2' is not host:port (brokers are "
                                + "separated by ',')")));
        assertThat(parser.parse(yaml.replace("app events;clicks;..", "app_events.v2;clicks")
                .replace(" broker-2,", " broker-2:9092,"), "events.yaml").stream().orElseThrow().options())
                .containsEntry("topic", "app_events.v2;clicks");
    }

    @Test
    void reportsEveryProblemOfAFileTogether() {
        assertThatThrownBy(() -> parser.parse("""
                name: bad-name
                colour: red
                columns:
                  - {name: a, type: NOPE}
                stream: {kind: kafka, topic: t, bootstrap-servers: "b:9092", startup-mode: latest-offset, fields: {a: STRING}}
                batch: {kind: filesystem, path: /x, format: json, fields: {a: STRING}}
                """, "bad.yaml"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.location().path())
                        .containsExactly("name", "colour", "columns[0].type"));
    }

    @Test
    void aColumnWithAWrongTypeIsOneProblemNotOneMorePerKeyThatNamesIt() {
        assertThatThrownBy(() -> parser.parse("""
                name: events
                columns:
                  - {name: id, type: STRNG}
                  - {name: ts, type: TIMESTMP(3)}
                  - {name: user_id, type: BIGINT}
                primary-key: [id]
                event-time: {column: ts, watermark-delay: 5s}
                stream: {kind: kafka, topic: t, bootstrap-servers: "b:9092", startup-mode: latest-offset,
                         fields: {id: STRING, ts: TIMESTAMP(3), user_id: BIGINT}}
                batch: {kind: paimon, catalog: paimon, database: ods, table: events, fields: {id: STRING, ts: TIMESTAMP(3),
                        user_id: BIGINT, dt: STRING},
                        archive: {dt: "DATE_FORMAT(ts, 'yyyy-MM-dd')"}}
                """, "events.yaml"))
                .isInstanceOfSatisfying(DefinitionException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.location().path())
                        .containsExactly("columns[0].type", "columns[1].type"));
    }

    @Test
    void parsesAServingTableWithAKvBinding() {
        MetaTable t = parser.parse("""
                name: uv_serving
                columns:
                  - {name: metric, type: STRING}
                  - {name: uv, type: BIGINT}
                primary-key: [metric]
                kv:
                  kind: test-kv
                  table: uv
                """, "serving.yaml");

        assertThat(t.isServing()).isTrue();
        assertThat(t.binding(Mode.STREAM)).isEqualTo(t.binding(Mode.BATCH));
    }

    private static ColumnSource field(String name) {
        return new ColumnSource.Field(name);
    }
}
