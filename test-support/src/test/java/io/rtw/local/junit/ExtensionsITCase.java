package io.rtw.local.junit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extensions give a working Kafka and an HBase that can be stopped and started without losing rows. */
class ExtensionsITCase {

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
    @RegisterExtension static final HBaseExtension HBASE = new HBaseExtension();

    @Test
    void kafkaProducesAndConsumes() throws Exception {
        String topic = "extensions_it";
        List<String> sent = List.of("a", "b", "c");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String v : sent) {
                p.send(new ProducerRecord<>(topic, v, v)).get();
            }
        }
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            Instant until = Instant.now().plusSeconds(30);
            while (got.size() < sent.size() && Instant.now().isBefore(until)) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    got.add(r.value());
                }
            }
        }
        assertThat(got).isEqualTo(sent);
        assertThat(KAFKA.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void hbaseKeepsItsRowsAcrossAStopAndStart() throws Exception {
        Configuration conf = HBaseConfiguration.create();
        HBASE.clientProperties().forEach(conf::set);
        conf.setInt("hbase.client.retries.number", 20);
        TableName name = TableName.valueOf("extensions_it");
        byte[] f = Bytes.toBytes("f");
        try (Connection c = ConnectionFactory.createConnection(conf); Admin admin = c.getAdmin()) {
            admin.createTable(TableDescriptorBuilder.newBuilder(name)
                    .setColumnFamily(ColumnFamilyDescriptorBuilder.of(f)).build());
            try (Table t = c.getTable(name)) {
                t.put(new Put(Bytes.toBytes("r1")).addColumn(f, Bytes.toBytes("q"), Bytes.toBytes("v1")));
            }
        }

        HBASE.stop();
        assertThat(HBASE.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", HBASE.zookeeperPort()).close())
                .as("ZooKeeper is down with HBase").isInstanceOf(java.net.ConnectException.class);

        HBASE.start();
        assertThat(HBASE.isRunning()).isTrue();
        try (Connection c = ConnectionFactory.createConnection(conf); Table t = c.getTable(name)) {
            assertThat(Bytes.toString(t.get(new Get(Bytes.toBytes("r1"))).getValue(f, Bytes.toBytes("q"))))
                    .isEqualTo("v1");
        }
    }
}
