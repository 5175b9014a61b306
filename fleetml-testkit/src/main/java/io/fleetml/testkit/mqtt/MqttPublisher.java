package io.fleetml.testkit.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A vehicle-side MQTT 5 publisher for tests and demos: QoS 1 publishes, confirmed by the broker a window at a time. */
public final class MqttPublisher implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int WINDOW = 500;

    private final Mqtt5AsyncClient client;

    public MqttPublisher(String host, int port) throws Exception {
        this(host, port, null, null);
    }

    public MqttPublisher(String host, int port, String user, String password) throws Exception {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier("vehicle-sim-" + UUID.randomUUID())
                .serverHost(host).serverPort(port);
        if (user != null) {
            builder = builder.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        client = builder.buildAsync();
        client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    public void publish(Mqtt5Publish publish) throws Exception {
        client.publish(publish).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Publishes {@code "<prefix><n>"} for n in [from, to) on the topic, QoS 1, and waits until the broker has them all. */
    public void publishNumbered(String topic, String prefix, int from, int to) throws Exception {
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>(Math.max(0, to - from));
        for (int n = from; n < to; n++) {
            messages.add(Map.entry(topic, (prefix + n).getBytes(StandardCharsets.UTF_8)));
        }
        publishAll(messages);
    }

    /** Publishes each payload on its topic, QoS 1, and waits until the broker has them all. */
    public void publishAll(List<Map.Entry<String, byte[]>> messages) throws Exception {
        List<CompletableFuture<?>> window = new ArrayList<>(WINDOW);
        for (Map.Entry<String, byte[]> message : messages) {
            window.add(client.publishWith().topic(message.getKey()).qos(MqttQos.AT_LEAST_ONCE).payload(message.getValue()).send());
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
