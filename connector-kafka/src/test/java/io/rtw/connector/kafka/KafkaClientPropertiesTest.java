package io.rtw.connector.kafka;

import io.rtw.meta.Secrets;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientPropertiesTest {

    private final Secrets secrets = Secrets.of(Map.of("PASSWORD", "it's-s3cret"));

    @Test
    void kafkaClientPropertiesCarryTheSecretAsIs() {
        Properties p = KafkaBindingFactory.clientProperties(Map.of(
                "properties.bootstrap.servers", "ignored:1", "bootstrap-servers", "b:9092",
                "properties.sasl.jaas.config", "password=\"${env:PASSWORD}\";"), secrets);
        assertThat(p).containsEntry("sasl.jaas.config", "password=\"it's-s3cret\";")
                .containsEntry("bootstrap.servers", "b:9092");
    }
}
