package io.fleetml.it;

import io.fleetml.testkit.ConnectClusters;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import io.fleetml.testkit.mqtt.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT source against a broker that requires mutual TLS and a password, with certificates generated for the test:
 * PEM and PKCS12 key material both work, and a wrong password or an untrusted broker certificate fail the task with a
 * reason that names the problem and not the secret.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MqttSourceTlsIT {
    private static final long WAIT_MS = 120_000;
    private static final String USER = "fleet-bridge";
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    static Path certificates;
    private static TestCertificates certs;
    private static MqttBroker broker;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate(certificates);
        broker = MqttBroker.builder().tls(certs, true).credentials(USER, PASSWORD).build().start();
        connect = ConnectClusters.start("mqtt-tls-it", 1, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> tlsConfig(String filter, String topic) {
        Map<String, String> config = MqttSourceIT.sourceConfig(filter, topic, broker.sslUri());
        config.put("mqtt.username", USER);
        config.put("mqtt.password", PASSWORD);
        config.put("mqtt.max.outage.ms", "20000");
        return config;
    }

    @Test
    void mutualTlsWithPemFiles() throws Exception {
        Map<String, String> config = tlsConfig("tls/pem", "mqtt.tls.pem");
        config.put("mqtt.ssl.truststore.type", "PEM");
        config.put("mqtt.ssl.truststore.location", certs.caPem().toString());
        config.put("mqtt.ssl.keystore.type", "PEM");
        config.put("mqtt.ssl.keystore.location", certs.clientCertAndKeyPem().toString());
        assertDelivers("mqtt-tls-pem", config, "tls/pem", "mqtt.tls.pem");
    }

    @Test
    void mutualTlsWithPkcs12Stores() throws Exception {
        Map<String, String> config = tlsConfig("tls/p12", "mqtt.tls.p12");
        config.put("mqtt.ssl.truststore.location", certs.trustStore().toString());
        config.put("mqtt.ssl.truststore.password", certs.password());
        config.put("mqtt.ssl.keystore.location", certs.clientKeyStore().toString());
        config.put("mqtt.ssl.keystore.password", certs.password());
        assertDelivers("mqtt-tls-p12", config, "tls/p12", "mqtt.tls.p12");
    }

    @Test
    void aWrongPasswordFailsTheTaskWithoutRevealingIt() throws Exception {
        Map<String, String> config = tlsConfig("tls/wrong", "mqtt.tls.wrong");
        config.put("mqtt.password", "wrong-secret-value");
        config.put("mqtt.ssl.truststore.location", certs.trustStore().toString());
        config.put("mqtt.ssl.truststore.password", certs.password());
        config.put("mqtt.ssl.keystore.location", certs.clientKeyStore().toString());
        config.put("mqtt.ssl.keystore.password", certs.password());
        String trace = awaitTaskFailure("mqtt-tls-wrong", config);
        assertTrue(trace.contains("BAD_USER_NAME_OR_PASSWORD"), trace);
        assertFalse(trace.contains("wrong-secret-value"), "the password must not appear in the task's error");
    }

    @Test
    void anUntrustedBrokerCertificateFailsTheTask() throws Exception {
        Map<String, String> config = tlsConfig("tls/untrusted", "mqtt.tls.untrusted");
        config.put("mqtt.ssl.truststore.location", certs.untrustedTrustStore().toString());
        config.put("mqtt.ssl.truststore.password", certs.password());
        config.put("mqtt.ssl.keystore.location", certs.clientKeyStore().toString());
        config.put("mqtt.ssl.keystore.password", certs.password());
        String trace = awaitTaskFailure("mqtt-tls-untrusted", config);
        assertTrue(trace.contains("TLS handshake failed"), trace);
    }

    private static void assertDelivers(String name, Map<String, String> config, String mqttTopic, String kafkaTopic) throws Exception {
        connect.kafka().createTopic(kafkaTopic, 1);
        connect.configureConnector(name, config);
        try (MqttPublisher publisher = new MqttPublisher("127.0.0.1", broker.port(), USER, PASSWORD)) {
            MqttSourceIT.awaitSubscribed(connect.kafka(), publisher, mqttTopic, kafkaTopic);
            publisher.publishNumbered(mqttTopic, "m-", 0, 100);
        }
        int delivered = 0;
        for (ConsumerRecord<byte[], byte[]> record : connect.kafka().consume(101, WAIT_MS, kafkaTopic)) {
            if (new String(record.value(), StandardCharsets.UTF_8).startsWith("m-")) {
                delivered++;
            }
        }
        assertEquals(100, delivered);
        connect.deleteConnector(name);
    }

    private static String awaitTaskFailure(String name, Map<String, String> config) throws InterruptedException {
        connect.kafka().createTopic(config.get("kafka.topic"), 1);
        connect.configureConnector(name, config);
        TestUtils.waitForCondition(() -> {
            var status = connect.connectorStatus(name);
            return !status.tasks().isEmpty() && "FAILED".equals(status.tasks().get(0).state());
        }, WAIT_MS, name + ": the task should fail");
        String trace = connect.connectorStatus(name).tasks().get(0).trace();
        connect.deleteConnector(name);
        return trace;
    }
}
