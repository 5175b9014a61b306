package io.fleetml.testkit.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real HiveMQ MQTT 5 client against Mosquitto as a child process: persistent sessions and how it resends them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MosquittoBrokerTest {
    private static final long WAIT_SECONDS = 20;
    private static final int QUEUED = 3000;

    @BeforeAll
    static void requireMosquitto() {
        assumeTrue(MosquittoBroker.installed(), MosquittoBroker.MISSING);
    }

    /** With persistence on, an MQTT 3.1.1 session (clean session false) and its queue survive a restart. */
    @Test
    void anMqtt311SessionKeepsItsQueueAcrossARestart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().persistence().maxQueuedMessages(100_000).build().start()) {
            Mqtt3AsyncClient subscriber = client3(broker).buildAsync();
            await(subscriber.connectWith().cleanSession(false).send());
            await(subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send());
            broker.awaitSubscription("away", Duration.ofSeconds(WAIT_SECONDS));
            await(subscriber.disconnect());
            publish(broker);
            broker.restart();

            AtomicInteger received = new AtomicInteger();
            Mqtt3AsyncClient resumed = client3(broker).buildAsync();
            resumed.publishes(MqttGlobalPublishFilter.ALL, publish -> received.incrementAndGet());
            assertTrue(await(resumed.connectWith().cleanSession(false).send()).isSessionPresent());
            awaitCount(received, QUEUED);
            await(resumed.disconnect());
            assertEquals(2, broker.connections("away"));
        }
    }

    /**
     * HiveMQ's client leaves out a receive maximum of 65535 (the protocol's default), and Mosquitto then applies its own
     * {@code max_inflight_messages} (20); 65534 is sent and honoured.
     */
    @Test
    void mosquittoHonoursAnAnnouncedReceiveMaximumOf65534ButNotTheDefault() throws Exception {
        assertEquals(QUEUED, unacknowledgedOnResume(65534));
        assertEquals(20, unacknowledgedOnResume(65535));
    }

    private static int unacknowledgedOnResume(int receiveMaximum) throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.builder().maxQueuedMessages(100_000).build().start()) {
            queueWhileAway(broker, receiveMaximum);
            AtomicInteger received = new AtomicInteger();
            Mqtt5AsyncClient resumed = client(broker, "away").buildAsync();
            resumed.publishes(MqttGlobalPublishFilter.ALL, publish -> received.incrementAndGet(), true);
            await(resumed.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                    .restrictions().receiveMaximum(receiveMaximum).applyRestrictions().send());
            int count = 0;
            // Mosquitto sends what it may right after CONNACK; a quiet second means it stopped. The sleep is the
            // measurement: that no more messages come can only be seen by waiting for them.
            while (count < QUEUED) {
                int before = received.get();
                Thread.sleep(1000);
                count = received.get();
                if (count == before) {
                    break;
                }
            }
            resumed.disconnect();
            return count;
        }
    }

    /** Subscribes an MQTT 5 persistent session "away", leaves, and publishes {@link #QUEUED} QoS 1 messages for it. */
    private static void queueWhileAway(MosquittoBroker broker, int receiveMaximum) throws Exception {
        Mqtt5AsyncClient subscriber = client(broker, "away").buildAsync();
        await(subscriber.connectWith().cleanStart(true).sessionExpiryInterval(3600)
                .restrictions().receiveMaximum(receiveMaximum).applyRestrictions().send());
        await(subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send());
        broker.awaitSubscription("away", Duration.ofSeconds(WAIT_SECONDS));
        await(subscriber.disconnect());
        publish(broker);
    }

    private static void publish(MosquittoBroker broker) throws Exception {
        Mqtt5AsyncClient publisher = client(broker, "burst").buildAsync();
        await(publisher.connect());
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            sent.add(publisher.publishWith().topic("fleet/burst").qos(MqttQos.AT_LEAST_ONCE).payload(("m-" + i).getBytes()).send());
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        await(publisher.disconnect());
    }

    private static Mqtt3ClientBuilder client3(MosquittoBroker broker) {
        return MqttClient.builder().useMqttVersion3().identifier("away").serverHost("127.0.0.1").serverPort(broker.port());
    }

    private static Mqtt5ClientBuilder client(MosquittoBroker broker, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port());
    }

    private static void awaitCount(AtomicInteger count, int expected) throws InterruptedException {
        TestUtils.waitForCondition(() -> count.get() >= expected, TimeUnit.SECONDS.toMillis(WAIT_SECONDS),
                () -> count.get() + " of " + expected + " messages arrived");
        assertEquals(expected, count.get());
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
