package io.rtw.connector.kafka;

import io.rtw.meta.binding.BindingException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** Sends lines of text (JSON messages) to a Kafka topic, creating the topic when it is missing. */
public final class KafkaLines {

    private final Properties client;
    private final String shown;

    /** A sender to the cluster at {@code bootstrapServers}. */
    public KafkaLines(String bootstrapServers) {
        this(properties(bootstrapServers), bootstrapServers);
    }

    /**
     * A sender with these client settings (brokers, security), shown in messages as {@code shown} (the brokers as
     * written, so a secret in them stays a reference).
     */
    public KafkaLines(Properties client, String shown) {
        this.client = client;
        this.shown = shown;
    }

    private static Properties properties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** Creates {@code topic} with {@code partitions} partitions unless it exists; returns whether it created it. */
    public boolean createTopic(String topic, int partitions) throws Exception {
        String noBroker = "no Kafka broker answers at " + shown + " within 30 s (start one with: rtw local up)";
        try (Admin admin = admin()) {
            // A little longer than the client's own timeout, whichever of the two gives up first.
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(35, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BindingException(noBroker);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new BindingException(noBroker);
            }
            throw e;
        }
    }

    /** An admin client of the cluster whose calls give up after 30 s. */
    private Admin admin() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(p);
    }

    /** Deletes {@code topic} if it exists and creates it empty with {@code partitions} partitions. */
    public void recreateTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
        }
        for (int attempt = 0; !createTopic(topic, partitions); attempt++) {
            if (attempt > 50) {
                throw new IllegalStateException("topic " + topic + " could not be recreated");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Sends every line as one message (keyed by its position, so lines spread over the partitions) and waits
     * until all are acknowledged.
     *
     * @param progress receives the number of lines sent so far, every 10,000 lines
     * @return the number of messages sent
     */
    public long send(String topic, Iterable<String> lines, LongConsumer progress) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                byte[] key = Long.toString(n).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)));
                if (++n % 10_000 == 0) {
                    progress.accept(n);
                }
            }
            producer.flush();
        }
        return n;
    }
}
