package io.fleetml.it;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A vehicle-side MQTT 5 publisher for tests: QoS 1 publishes, each confirmed by the broker before the next window. */
final class MqttPublisher implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int WINDOW = 500;

    private final Mqtt5AsyncClient client;

    MqttPublisher(String host, int port) throws Exception {
        this(host, port, null, null);
    }

    MqttPublisher(String host, int port, String user, String password) throws Exception {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier("vehicle-sim-" + UUID.randomUUID())
                .serverHost(host).serverPort(port);
        if (user != null) {
            builder = builder.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        client = builder.buildAsync();
        client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    void publish(Mqtt5Publish publish) throws Exception {
        client.publish(publish).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Publishes {@code "<prefix><n>"} for n in [from, to) on the topic, QoS 1, and waits until the broker has them all. */
    void publishNumbered(String topic, String prefix, int from, int to) throws Exception {
        List<CompletableFuture<?>> window = new ArrayList<>(WINDOW);
        for (int n = from; n < to; n++) {
            window.add(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload((prefix + n).getBytes(StandardCharsets.UTF_8)).send());
            if (window.size() == WINDOW) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Disconnects; a publisher whose broker went away is already disconnected. */
    @Override
    public void close() throws Exception {
        if (client.getState().isConnected()) {
            client.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
