package io.fleetml.testkit.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
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

/**
 * A vehicle-side MQTT publisher for tests and demos: QoS 1 publishes, confirmed by the broker a window at a time. MQTT 5
 * unless built with {@link #mqtt311} for brokers that speak only 3.1.1.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int WINDOW = 500;

    private final Mqtt5AsyncClient client5;
    private final Mqtt3AsyncClient client3;

    public MqttPublisher(String host, int port) throws Exception {
        this(host, port, null, null);
    }

    public MqttPublisher(String host, int port, String user, String password) throws Exception {
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier("vehicle-sim-" + UUID.randomUUID())
                .serverHost(host).serverPort(port);
        if (user != null) {
            builder = builder.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        client5 = builder.buildAsync();
        client3 = null;
        client5.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private MqttPublisher(Mqtt3AsyncClient client3) throws Exception {
        this.client5 = null;
        this.client3 = client3;
        client3.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A publisher speaking MQTT 3.1.1. */
    public static MqttPublisher mqtt311(String host, int port) throws Exception {
        return new MqttPublisher(MqttClient.builder().useMqttVersion3().identifier("vehicle-sim-" + UUID.randomUUID())
                .serverHost(host).serverPort(port).buildAsync());
    }

    /** Publishes an MQTT 5 message with its properties; not on an {@link #mqtt311} publisher. */
    public void publish(Mqtt5Publish publish) throws Exception {
        if (client5 == null) {
            throw new IllegalStateException("an MQTT 3.1.1 publisher cannot send MQTT 5 properties");
        }
        client5.publish(publish).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
            window.add(send(message.getKey(), message.getValue()));
            if (window.size() == WINDOW) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private CompletableFuture<?> send(String topic, byte[] payload) {
        return client5 != null
                ? client5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                : client3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    /** Disconnects; a publisher whose broker went away is already disconnected. */
    @Override
    public void close() throws Exception {
        if (client5 != null && client5.getState().isConnected()) {
            client5.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } else if (client3 != null && client3.getState().isConnected()) {
            client3.disconnect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
