package io.fleetml.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.testkit.ConnectClusters;
import io.fleetml.simulator.TelemetryRecords;
import io.fleetml.testkit.gcs.GcsEmulator;
import io.fleetml.testkit.mqtt.MqttBroker;
import io.fleetml.testkit.mqtt.MqttPublisher;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plugins' own metrics on the JMX of a real Connect worker that loads the built archives: vehicles publish readings
 * (and a few malformed payloads) to a real MQTT broker, the MQTT source brings them into Kafka through PiiMask on the
 * value and on the key, and the GCS sink writes them to the project's GCS emulator. Every count read over JMX must equal
 * what the test published and what it finds in Kafka and in the bucket. The object names it reads are the ones the
 * README documents.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class PluginMetricsIT {
    private static final long WAIT_MS = 180_000;
    private static final String SOURCE = "metrics-mqtt";
    private static final String SINK = "metrics-gcs";
    private static final String TOPIC = "metrics.telemetry";
    private static final String ERRORS_TOPIC = TOPIC + ".errors";
    private static final String BUCKET = "metrics-training";
    private static final int READINGS = 600;
    private static final int MALFORMED = 3;
    private static final int FLUSH_SIZE = 100;
    private static final String HASH_KEY = "it-only-hmac-key-0123456789";
    /** The worker runs in this JVM. */
    private static final JmxCounts JMX = new JmxCounts(ManagementFactory.getPlatformMBeanServer());

    private static MqttBroker broker;
    private static GcsEmulator gcs;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() {
        broker = MqttBroker.builder().build().start();
        gcs = new GcsEmulator().start();
        gcs.createBucket(BUCKET);
        connect = ConnectClusters.start("metrics-it", 1, Bundle.pluginPath(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (gcs != null) {
            gcs.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theCountsOnJmxAreExactlyWhatWasPublishedMaskedAndWritten() throws Exception {
        connect.kafka().createTopic(TOPIC, 1);
        connect.kafka().createTopic(ERRORS_TOPIC, 1);
        connect.configureConnector(SOURCE, mqttSource());
        connect.configureConnector(SINK, ConnectorConfigs.gcsJsonlSink(gcs.endpoint(), BUCKET, TOPIC, FLUSH_SIZE));
        broker.awaitSubscription("fleetml-" + SOURCE + "-0", Duration.ofMillis(WAIT_MS));
        publishReadingsAndMalformedPayloads();

        ObjectName source = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0");
        ObjectName valueMask = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0,transformation=pii");
        ObjectName keyMask = new ObjectName("kafka.connect:type=plugins,connector=" + SOURCE + ",task=0,transformation=piiKey");
        ObjectName sink = new ObjectName("kafka.connect:type=plugins,connector=" + SINK + ",task=0");

        int published = READINGS + MALFORMED;
        JMX.await(source, "messages-acknowledged", published, WAIT_MS);
        assertEquals(READINGS, connect.kafka().consume(READINGS, WAIT_MS, TOPIC).count());
        assertEquals(MALFORMED, connect.kafka().consume(MALFORMED, WAIT_MS, ERRORS_TOPIC).count());
        assertEquals(published, JMX.count(source, "messages-received"));
        assertEquals(MALFORMED, JMX.count(source, "messages-to-errors-topic"));
        assertEquals(0, JMX.count(source, "messages-in-flight"));
        assertEquals(0, JMX.count(source, "bytes-in-flight"));
        assertEquals(0, JMX.count(source, "connection-losses"));
        assertEquals(0, JMX.count(source, "reconnects"));

        // The value transform leaves the raw bytes of an errors.topic record alone (no field paths in them)...
        assertEquals(READINGS, JMX.count(valueMask, "records-masked"));
        assertEquals(2 * READINGS, JMX.count(valueMask, "fields-pseudonymized"), "vin and driver_id of every reading");
        assertEquals(READINGS, JMX.count(valueMask, "fields-generalized"), "the location of every reading");
        assertEquals(0, JMX.count(valueMask, "fields-dropped"));
        // ...while the key transform pseudonymizes every key, the MQTT topic of an errors.topic record included.
        assertEquals(published, JMX.count(keyMask, "records-masked"));
        assertEquals(published, JMX.count(keyMask, "fields-pseudonymized"));

        JMX.await(sink, "records-written", READINGS, WAIT_MS);
        Map<String, byte[]> objects = gcs.objects(BUCKET);
        assertEquals(READINGS / FLUSH_SIZE, objects.size());
        assertEquals(objects.size(), JMX.count(sink, "objects-written"));
        assertEquals(objects.values().stream().mapToLong(bytes -> bytes.length).sum(), JMX.count(sink, "bytes-written"));
        assertEquals(0, JMX.count(sink, "objects-already-present"));
        assertEquals(0, JMX.count(sink, "upload-failures"));
        assertEquals(0, JMX.count(sink, "rewinds"));
        assertEquals(0, JMX.count(sink, "records-reported"));
    }

    private static void publishReadingsAndMalformedPayloads() throws Exception {
        TelemetryRecords telemetry = new TelemetryRecords(5, 20);
        ObjectMapper json = new ObjectMapper();
        List<Map.Entry<String, byte[]>> messages = new ArrayList<>();
        for (int i = 0; i < READINGS; i++) {
            messages.add(Map.entry("vehicles/" + telemetry.vin(i) + "/telemetry", json.writeValueAsBytes(telemetry.reading(i))));
        }
        for (int i = 0; i < MALFORMED; i++) {
            messages.add(Map.entry("vehicles/" + telemetry.vin(i) + "/telemetry", "{\"speed\": 4".getBytes(StandardCharsets.UTF_8)));
        }
        try (MqttPublisher vehicles = new MqttPublisher("127.0.0.1", broker.port())) {
            vehicles.publishAll(messages);
        }
    }

    private static Map<String, String> mqttSource() {
        Map<String, String> config = ConnectorConfigs.mqttJsonSource(broker.tcpUri(), "vehicles/{vin}/telemetry", TOPIC, "{vin}");
        config.put("errors.topic", ERRORS_TOPIC);
        config.put("transforms", "pii,piiKey");
        config.put("transforms.pii.type", "io.fleetml.connect.pii.PiiMask$Value");
        config.put("transforms.pii.hash.fields", "vin,driver_id");
        config.put("transforms.pii.hash.key", HASH_KEY);
        config.put("transforms.pii.geo.fields", "location");
        config.put("transforms.piiKey.type", "io.fleetml.connect.pii.PiiMask$Key");
        config.put("transforms.piiKey.hash.fields", "$");
        config.put("transforms.piiKey.hash.key", HASH_KEY);
        return config;
    }
}
