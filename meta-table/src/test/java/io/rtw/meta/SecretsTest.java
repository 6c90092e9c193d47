package io.rtw.meta;

import org.junit.jupiter.api.Test;

import java.util.Map;

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
    void masksValuesBackIntoTheirReferences() {
        String sql = "'password' = '${env:PASSWORD}'";
        assertThat(secrets.mask(sql, "login failed for password it's-s3cret (sql: 'it''s-s3cret')"))
                .isEqualTo("login failed for password ${env:PASSWORD} (sql: '${env:PASSWORD}')");
    }
}
