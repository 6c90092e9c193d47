package io.rtw.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server names as users type them. */
class ServerTest {

    @Test
    void parsesNamesCaseInsensitively() {
        assertThat(Server.parse("kafka")).isEqualTo(Server.KAFKA);
        assertThat(Server.parse(" HBase ")).isEqualTo(Server.HBASE);
        assertThat(Server.parse("FLINK")).isEqualTo(Server.FLINK);
    }

    @Test
    void unknownNameListsTheAllowedOnes() {
        assertThatThrownBy(() -> Server.parse("zookeeper"))
                .isInstanceOfSatisfying(LocalServersException.class, e -> assertThat(e.userError()).isTrue())
                .hasMessage("unknown server 'zookeeper'; expected one of: kafka, hbase, flink");
    }
}
