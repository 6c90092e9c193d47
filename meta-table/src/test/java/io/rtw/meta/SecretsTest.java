package io.rtw.meta;

import io.rtw.meta.binding.KafkaBindingFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    private final Secrets secrets = Secrets.of(Map.of("PASSWORD", "it's-s3cret"));

    @Test
    void resolvesReferencesAsStringLiteralContents() {
        assertThat(secrets.resolve("'password' = '${env:PASSWORD}'")).isEqualTo("'password' = 'it''s-s3cret'");
    }

    @Test
    void resolvesValuesForClientsAsIs() {
        assertThat(secrets.resolveValue("${env:PASSWORD}")).isEqualTo("it's-s3cret");
        assertThat(secrets.resolveValue("user:${ env:PASSWORD }")).isEqualTo("user:it's-s3cret");
    }

    @Test
    void kafkaClientPropertiesCarryTheSecretAsIs() {
        Properties p = KafkaBindingFactory.clientProperties(Map.of(
                "properties.bootstrap.servers", "ignored:1", "bootstrap-servers", "b:9092",
                "properties.sasl.jaas.config", "password=\"${env:PASSWORD}\";"), secrets);
        assertThat(p).containsEntry("sasl.jaas.config", "password=\"it's-s3cret\";")
                .containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void masksValuesBackIntoTheirReferences() {
        String sql = "'password' = '${env:PASSWORD}'";
        assertThat(secrets.mask(sql, "login failed for password it's-s3cret (sql: 'it''s-s3cret')"))
                .isEqualTo("login failed for password ${env:PASSWORD} (sql: '${env:PASSWORD}')");
    }
}
