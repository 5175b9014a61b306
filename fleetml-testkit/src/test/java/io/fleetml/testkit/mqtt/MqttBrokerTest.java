package io.fleetml.testkit.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real HiveMQ MQTT 5 client against the embedded broker: QoS 1, persistent sessions, TLS and credentials. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttBrokerTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    @BeforeAll
    static void generateCertificates() {
        certs = TestCertificates.generate(certDir);
    }

    @Test
    void qos1RoundTrip() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().build().start()) {
            assertEquals("tcp://127.0.0.1:" + broker.port(), broker.tcpUri());
            Mqtt5AsyncClient subscriber = plain(broker, "subscriber").buildAsync();
            BlockingQueue<Mqtt5Publish> received = collect(subscriber);
            await(subscriber.connect());
            await(subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send());

            Mqtt5AsyncClient publisher = plain(broker, "publisher").buildAsync();
            await(publisher.connect());
            publish(publisher, "fleet/truck-1", "hello");

            Mqtt5Publish message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(message);
            assertEquals("fleet/truck-1", message.getTopic().toString());
            assertEquals(MqttQos.AT_LEAST_ONCE, message.getQos());
            assertEquals("hello", text(message));
            await(publisher.disconnect());
            await(subscriber.disconnect());
        }
    }

    @Test
    void persistentSessionKeepsQueuedMessagesAcrossRestart() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().build().start()) {
            Mqtt5AsyncClient subscriber = plain(broker, "offline-subscriber").buildAsync();
            await(persistentConnect(subscriber));
            await(subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send());
            await(subscriber.disconnect());

            Mqtt5AsyncClient publisher = plain(broker, "publisher").buildAsync();
            await(publisher.connect());
            for (int i = 0; i < 3; i++) {
                publish(publisher, "fleet/truck-" + i, "reading-" + i);
            }
            await(publisher.disconnect());

            broker.stop();
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", broker.port()).close());
            broker.restart();

            Mqtt5AsyncClient resumed = plain(broker, "offline-subscriber").buildAsync();
            BlockingQueue<Mqtt5Publish> received = collect(resumed);
            assertTrue(await(persistentConnect(resumed)).isSessionPresent());
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt5Publish message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(message, "queued message " + i + " lost");
                payloads.add(text(message));
            }
            assertEquals(List.of("reading-0", "reading-1", "reading-2"), payloads);
            await(resumed.disconnect());
        }
    }

    @Test
    void queueLimitIsTheConfiguredOneNotHiveMqsDefaultOfAThousand() throws Exception {
        assertEquals(3000, queuedForOfflineSubscriber(MqttBroker.builder().build(), 3000));
        assertEquals(200, queuedForOfflineSubscriber(MqttBroker.builder().maxQueuedMessages(200).build(), 3000));
    }

    /** Publishes while a persistent subscriber is away, then counts what the broker kept for it. */
    private static int queuedForOfflineSubscriber(MqttBroker unstarted, int messages) throws Exception {
        try (MqttBroker broker = unstarted.start()) {
            Mqtt5AsyncClient subscriber = plain(broker, "away").buildAsync();
            await(persistentConnect(subscriber));
            await(subscriber.subscribeWith().topicFilter("fleet/#").qos(MqttQos.AT_LEAST_ONCE).send());
            await(subscriber.disconnect());

            Mqtt5AsyncClient publisher = plain(broker, "burst").buildAsync();
            await(publisher.connect());
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                sent.add(publisher.publishWith().topic("fleet/burst").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m-" + i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            await(publisher.disconnect());

            Mqtt5AsyncClient resumed = plain(broker, "away").buildAsync();
            BlockingQueue<Mqtt5Publish> received = collect(resumed);
            await(persistentConnect(resumed));
            int count = 0;
            // The broker sends the whole queue right after CONNACK; a quiet second means it has nothing more.
            while (received.poll(1, TimeUnit.SECONDS) != null) {
                count++;
            }
            await(resumed.disconnect());
            return count;
        }
    }

    @Test
    void tlsTrustsOnlyTheTestCa() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().tls(certs, false).build().start()) {
            assertEquals("ssl://localhost:" + broker.tlsPort(), broker.sslUri());
            Mqtt5AsyncClient client = tls(broker, "tls", ssl(certs.trustStore(), null)).buildAsync();
            await(client.connect());
            publish(client, "fleet/tls", "secure");
            await(client.disconnect());

            Mqtt5AsyncClient untrusting =
                    tls(broker, "untrusting", ssl(certs.untrustedTrustStore(), null)).buildAsync();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(untrusting.connect()));
            assertTrue(causedBy(failure, SSLHandshakeException.class), () -> "not a handshake failure: " + failure);
        }
    }

    @Test
    void mutualTlsNeedsClientCertificate() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().tls(certs, true).build().start()) {
            Mqtt5AsyncClient client =
                    tls(broker, "mtls", ssl(certs.trustStore(), certs.clientKeyStore())).buildAsync();
            await(client.connect());
            await(client.disconnect());

            Mqtt5AsyncClient anonymous = tls(broker, "no-cert", ssl(certs.trustStore(), null)).buildAsync();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(anonymous.connect()));
            // The broker rejects the handshake with a bad_certificate alert.
            assertTrue(causedBy(failure, SSLException.class), () -> "not a TLS failure: " + failure);
        }
    }

    @Test
    void credentialsAreChecked() throws Exception {
        try (MqttBroker broker = MqttBroker.builder().credentials("fleet", "s3cret").build().start()) {
            Mqtt5AsyncClient client = plain(broker, "right").simpleAuth()
                    .username("fleet").password("s3cret".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildAsync();
            await(client.connect());
            await(client.disconnect());

            Mqtt5AsyncClient wrong = plain(broker, "wrong").simpleAuth()
                    .username("fleet").password("guess".getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                    .buildAsync();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> await(wrong.connect()));
            Mqtt5ConnAckException connAck = assertInstanceOf(Mqtt5ConnAckException.class, failure.getCause());
            assertEquals(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD, connAck.getMqttMessage().getReasonCode());

            Mqtt5AsyncClient anonymous = plain(broker, "anonymous").buildAsync();
            assertThrows(ExecutionException.class, () -> await(anonymous.connect()));
        }
    }

    private static Mqtt5ClientBuilder plain(MqttBroker broker, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1").serverPort(broker.port());
    }

    private static Mqtt5ClientBuilder tls(MqttBroker broker, String id, MqttClientSslConfig ssl) {
        return MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("localhost").serverPort(broker.tlsPort()).sslConfig(ssl);
    }

    private static MqttClientSslConfig ssl(Path trustStore, Path keyStore) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder().trustManagerFactory(trust);
        if (keyStore != null) {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), certs.password().toCharArray());
            ssl.keyManagerFactory(keys);
        }
        return ssl.build();
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, certs.password().toCharArray());
        }
        return keyStore;
    }

    private static CompletableFuture<Mqtt5ConnAck> persistentConnect(Mqtt5AsyncClient client) {
        return client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
    }

    /** Registered before connecting so messages the broker delivers right after CONNACK are not missed. */
    private static BlockingQueue<Mqtt5Publish> collect(Mqtt5AsyncClient client) {
        BlockingQueue<Mqtt5Publish> received = new LinkedBlockingQueue<>();
        client.publishes(MqttGlobalPublishFilter.ALL, received::add);
        return received;
    }

    private static void publish(Mqtt5AsyncClient client, String topic, String payload) throws Exception {
        assertFalse(await(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send()).getError().isPresent());
    }

    private static String text(Mqtt5Publish message) {
        return new String(message.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
