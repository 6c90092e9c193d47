package io.rtw.local.junit;

import io.rtw.local.Server;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (KRaft, one node) on a free loopback port, shared by every test class of the JVM.
 * Register it on a static field: {@code @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();}
 */
public final class KafkaExtension implements BeforeAllCallback, BeforeEachCallback {

    /** Starts Kafka in the background, alongside the other servers the class registers. */
    @Override
    public void beforeAll(ExtensionContext context) {
        SharedServers.get(context).startAsync(Server.KAFKA);
    }

    /** Waits until Kafka answers. */
    @Override
    public void beforeEach(ExtensionContext context) {
        SharedServers.get(context).awaitRunning(Server.KAFKA);
    }

    /** The bootstrap servers, {@code 127.0.0.1:PORT}, once Kafka answers. */
    public String bootstrapServers() {
        SharedServers shared = SharedServers.get();
        shared.awaitRunning(Server.KAFKA);
        return shared.settings().kafkaBootstrapServers();
    }
}
