package io.rtw.kv.hbase;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Row keys: joined key columns, escaped so they never collide. */
class RowKeysTest {

    private static String key(String delimiter, String... parts) {
        return new String(RowKeys.of(List.of(parts), delimiter), StandardCharsets.UTF_8);
    }

    @Test
    void joinsPartsWithTheDelimiter() {
        assertThat(key("|", "uv", "app", "2024-01-31")).isEqualTo("uv|app|2024-01-31");
        assertThat(key("|", "single")).isEqualTo("single");
        assertThat(key("::", "a", "b")).isEqualTo("a::b");
    }

    @Test
    void escapesDelimitersAndBackslashesSoKeysStayDistinct() {
        assertThat(key("|", "a|b", "c")).isEqualTo("a\\|b|c");
        assertThat(key("|", "a", "b|c")).isEqualTo("a|b\\|c");
        assertThat(key("|", "a\\", "b")).isEqualTo("a\\\\|b");
        assertThat(key("|", "a", "\\|b")).isEqualTo("a|\\\\\\|b");
        assertThat(key("::", "a:b", "c::d")).isEqualTo("a:b::c\\::d");
        assertThat(key("|", "a|b", "c")).isNotEqualTo(key("|", "a", "b|c"));
    }
}
