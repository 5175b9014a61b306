package io.fleetml.connect.pubsub;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriberConnectionTest {
    @Test
    void withoutCredentialsAnEndpointOfOnesOwnIsToldAboutThePlaintextSetting() {
        PubSubSourceConfig config = new PubSubSourceConfig(PubSubSourceConfigTest.props("pubsub.endpoint", "localhost:8085",
                "gcp.credentials.path", "/nonexistent/key.json"));
        SubscriberConnection connection = new SubscriberConnection(config, (message, ack) -> { });
        ConfigException e = assertThrows(ConfigException.class, connection::start);
        assertTrue(e.getMessage().contains("gcp.credentials.path") && e.getMessage().contains("pubsub.endpoint.plaintext=true"),
                e.getMessage());
    }
}
