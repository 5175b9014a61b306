package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.payload.RecordRejected;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordMapperTest {
    private static final String SECRET_NAME = "Erika Mustermann";

    private static MqttSourceConfig config(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("name", "fleet", "mqtt.server.uris", "tcp://127.0.0.1:1883",
                "mqtt.topics", "vehicles/{vin}/{signal}", "kafka.topic", "telemetry.{signal}", "kafka.key", "{vin}"));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return new MqttSourceConfig(props);
    }

    private static Incoming message(String topic, byte[] payload, List<Map.Entry<String, Object>> properties) {
        return new Incoming(topic, payload, 1, true, properties, () -> { }, 1_764_000_000_000L, 1);
    }

    private static Map<String, Object> headers(SourceRecord record) {
        Map<String, Object> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    @Test
    void bytesArePassedByteForByteWithTopicKeyAndHeaders() throws RecordRejected {
        byte[] payload = {0, (byte) 0xff, 1, 2};
        List<Map.Entry<String, Object>> properties = new ArrayList<>();
        properties.add(new AbstractMap.SimpleImmutableEntry<>("mqtt.content.type", "application/octet-stream"));
        properties.add(new AbstractMap.SimpleImmutableEntry<>("mqtt.correlation.data", new byte[] {9}));
        properties.add(new AbstractMap.SimpleImmutableEntry<>("mqtt.message.expiry.interval", 60L));
        properties.add(new AbstractMap.SimpleImmutableEntry<>("region", "eu"));
        properties.add(new AbstractMap.SimpleImmutableEntry<>("region", "eu-west"));
        SourceRecord record = new RecordMapper(config()).map(message("vehicles/V1/speed", payload, properties));
        assertEquals("telemetry.speed", record.topic());
        assertEquals("V1", record.key());
        assertEquals(Schema.BYTES_SCHEMA, record.valueSchema());
        assertArrayEquals(payload, (byte[]) record.value());
        assertEquals(1_764_000_000_000L, record.timestamp());
        Map<String, Object> headers = headers(record);
        assertEquals("vehicles/V1/speed", headers.get("mqtt.topic"));
        assertEquals(1, headers.get("mqtt.qos"));
        assertEquals(true, headers.get("mqtt.retain"));
        assertEquals("application/octet-stream", headers.get("mqtt.content.type"));
        assertArrayEquals(new byte[] {9}, (byte[]) headers.get("mqtt.correlation.data"));
        assertEquals(60L, headers.get("mqtt.message.expiry.interval"));
        assertEquals(2, countNamed(record, "region"), "repeated user properties stay");
    }

    private static int countNamed(SourceRecord record, String name) {
        int n = 0;
        for (var it = record.headers().allWithName(name); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Test
    void theKeyIsTheMqttTopicWhenNoTemplateIsSet() throws RecordRejected {
        Map<String, String> props = new HashMap<>(Map.of("name", "fleet", "mqtt.server.uris", "tcp://127.0.0.1:1883",
                "mqtt.topics", "vehicles/#", "kafka.topic", "telemetry"));
        SourceRecord record = new RecordMapper(new MqttSourceConfig(props)).map(message("vehicles/V1/gps", new byte[0], List.of()));
        assertEquals("vehicles/V1/gps", record.key());
    }

    @Test
    void jsonBecomesASchemalessMapAndStringsAreStrictUtf8() throws RecordRejected {
        byte[] json = "{\"vin\":\"V1\",\"speed\":88.5,\"odometer\":123456789012,\"tags\":[\"a\"],\"loc\":{\"lat\":48.1}}"
                .getBytes(StandardCharsets.UTF_8);
        SourceRecord record = new RecordMapper(config("payload.format", "json")).map(message("vehicles/V1/speed", json, List.of()));
        assertNull(record.valueSchema());
        Map<?, ?> value = (Map<?, ?>) record.value();
        assertEquals(88.5, value.get("speed"));
        assertEquals(123456789012L, value.get("odometer"));
        assertEquals(List.of("a"), value.get("tags"));
        assertEquals(Map.of("lat", 48.1), value.get("loc"));

        SourceRecord text = new RecordMapper(config("payload.format", "string"))
                .map(message("vehicles/V1/note", "Grüße".getBytes(StandardCharsets.UTF_8), List.of()));
        assertEquals(Schema.STRING_SCHEMA, text.valueSchema());
        assertEquals("Grüße", text.value());
    }

    @Test
    void badPayloadsAreRejectedWithAReasonThatDoesNotQuoteThePayload() {
        RecordMapper json = new RecordMapper(config("payload.format", "json"));
        byte[] broken = ("{\"driver\": " + SECRET_NAME + "}").getBytes(StandardCharsets.UTF_8);
        RecordRejected e = assertThrows(RecordRejected.class, () -> json.map(message("vehicles/V1/speed", broken, List.of())));
        assertEquals("invalid-payload", e.kind());
        assertTrue(e.getMessage().startsWith("payload is not valid JSON (line 1, column"), e.getMessage());
        assertFalse(e.getMessage().contains("Erika"), e.getMessage());
        assertThrows(RecordRejected.class, () -> json.map(message("vehicles/V1/speed", "{} trailing".getBytes(StandardCharsets.UTF_8), List.of())));

        RecordMapper text = new RecordMapper(config("payload.format", "string"));
        RecordRejected utf8 = assertThrows(RecordRejected.class,
                () -> text.map(message("vehicles/V1/note", new byte[] {'o', 'k', (byte) 0xc3}, List.of())));
        assertTrue(utf8.getMessage().contains("not valid UTF-8"), utf8.getMessage());
    }

    @Test
    void oversizedPayloadsAndInvalidTopicsAreRejected() {
        RecordMapper small = new RecordMapper(config("payload.max.bytes", "4"));
        RecordRejected big = assertThrows(RecordRejected.class, () -> small.map(message("vehicles/V1/speed", new byte[5], List.of())));
        assertEquals("payload-too-large", big.kind());
        assertTrue(big.getMessage().contains("payload.max.bytes=4"), big.getMessage());

        RecordRejected topic = assertThrows(RecordRejected.class,
                () -> small.map(message("vehicles/V1/bad signal", new byte[1], List.of())));
        assertEquals("invalid-topic", topic.kind());
        assertTrue(topic.getMessage().contains("{signal}") && topic.getMessage().contains("kafka.topic.capture.regex"),
                topic.getMessage());
        assertFalse(topic.getMessage().contains("bad signal"), "a reason never quotes a capture: " + topic.getMessage());
    }

    @Test
    void devicesCannotChooseAKafkaTopicOutsideTheCapturePattern() throws RecordRejected {
        RecordMapper mapper = new RecordMapper(config());
        for (String signal : List.of("x.connect-offsets", "a".repeat(65))) {
            RecordRejected rejected = assertThrows(RecordRejected.class,
                    () -> mapper.map(message("vehicles/V1/" + signal, new byte[1], List.of())));
            assertEquals("invalid-topic", rejected.kind());
        }
        RecordMapper narrow = new RecordMapper(config("kafka.topic.capture.regex", "speed|gps"));
        assertEquals("telemetry.gps", narrow.map(message("vehicles/V1/gps", new byte[1], List.of())).topic());
        assertThrows(RecordRejected.class, () -> narrow.map(message("vehicles/V1/battery", new byte[1], List.of())));
        assertThrows(ConfigException.class, () -> config("kafka.topic.capture.regex", "[unclosed"));
    }

    @Test
    void topicLabelsNameTheFilterAndHashTheTopic() {
        TopicLabel labels = new TopicLabel(config().topicPatterns());
        String label = labels.of("vehicles/WDB1234567890ABCD/speed");
        assertTrue(label.matches("vehicles/\\{vin}/\\{signal}#[0-9a-f]{16}"), label);
        assertEquals(label, labels.of("vehicles/WDB1234567890ABCD/speed"), "the same topic, the same label");
        assertFalse(label.equals(labels.of("vehicles/WDB1234567890ABCE/speed")));
        assertTrue(labels.of("other/topic").startsWith(TopicLabel.UNMATCHED + "#"));
    }

    @Test
    void payloadLimitFollowsTheProducerOverride() {
        assertEquals(1024 * 1024 - 64 * 1024, config().payload().maxBytes());
        assertEquals(4 * 1024 * 1024 - 64 * 1024, config("producer.override.max.request.size", "4194304").payload().maxBytes());
    }

    @Test
    void errorRecordsKeepTheRawPayloadOrItsHashWhenTooLarge() throws RecordRejected {
        RecordMapper mapper = new RecordMapper(config("errors.topic", "mqtt-errors", "payload.max.bytes", "4"));
        byte[] payload = {1, 2, 3, 4, 5};
        Incoming message = message("vehicles/V1/speed", payload, List.of());
        RecordRejected rejected = assertThrows(RecordRejected.class, () -> mapper.map(message));
        SourceRecord error = mapper.errorRecord(message, rejected);
        assertEquals("mqtt-errors", error.topic());
        assertEquals(new TopicLabel(config().topicPatterns()).of("vehicles/V1/speed"), error.key());
        assertArrayEquals(payload, (byte[]) error.value(), "over payload.max.bytes but still within a produce request");
        Map<String, Object> headers = headers(error);
        assertEquals("payload-too-large", headers.get("mqtt.error.kind"));
        assertEquals(5L, headers.get("mqtt.payload.size"));
        assertNull(headers.get("mqtt.payload.sha256"));

        byte[] huge = new byte[1024 * 1024];
        RecordMapper defaults = new RecordMapper(config("errors.topic", "mqtt-errors"));
        Incoming tooHuge = message("vehicles/V1/speed", huge, List.of());
        SourceRecord hashed = defaults.errorRecord(tooHuge, assertThrows(RecordRejected.class, () -> defaults.map(tooHuge)));
        assertNull(hashed.value(), "no produce request could carry it");
        assertEquals((long) huge.length, headers(hashed).get("mqtt.payload.size"));
        assertEquals("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58", headers(hashed).get("mqtt.payload.sha256"));

        RecordMapper json = new RecordMapper(config("errors.topic", "mqtt-errors", "payload.format", "json"));
        Incoming bad = message("vehicles/V1/speed", payload, List.of());
        SourceRecord raw = json.errorRecord(bad, assertThrows(RecordRejected.class, () -> json.map(bad)));
        assertArrayEquals(payload, (byte[]) raw.value());
        assertEquals("invalid-payload", headers(raw).get("mqtt.error.kind"));
    }

    @Test
    void errorRecordsCarryNoRawTopicCaptureOrUserProperty() {
        String vin = "WDB1234567890ABCD";
        List<Map.Entry<String, Object>> properties = List.of(
                new AbstractMap.SimpleImmutableEntry<>("mqtt.content.type", "application/json"),
                new AbstractMap.SimpleImmutableEntry<>("mqtt.response.topic", "vehicles/" + vin + "/reply"),
                new AbstractMap.SimpleImmutableEntry<>("mqtt.correlation.data", vin.getBytes(StandardCharsets.UTF_8)),
                new AbstractMap.SimpleImmutableEntry<>("driver", SECRET_NAME));
        byte[] payload = ("{\"vin\": \"" + vin + "\", broken").getBytes(StandardCharsets.UTF_8);
        RecordMapper json = new RecordMapper(config("errors.topic", "mqtt-errors", "payload.format", "json"));
        Incoming bad = message("vehicles/" + vin + "/speed", payload, properties);
        SourceRecord error = json.errorRecord(bad, assertThrows(RecordRejected.class, () -> json.map(bad)));
        assertArrayEquals(payload, (byte[]) error.value(), "the quarantined payload stays byte-exact");
        assertFalse(error.key().toString().contains(vin), error.key().toString());
        Map<String, Object> headers = headers(error);
        assertEquals(error.key(), headers.get("mqtt.topic.label"));
        assertEquals("application/json", headers.get("mqtt.content.type"));
        for (Header header : error.headers()) {
            Object value = header.value();
            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
            assertFalse(text.contains(vin) || text.contains(SECRET_NAME), header.key() + " carries " + text);
        }
    }

    @Test
    void configurationMistakesNameTheSetting() {
        ConfigException capture = assertThrows(ConfigException.class, () -> config("kafka.key", "{driver}"));
        assertTrue(capture.getMessage().contains("kafka.key") && capture.getMessage().contains("{driver}"), capture.getMessage());
        ConfigException shared = assertThrows(ConfigException.class,
                () -> config("mqtt.shared.subscriptions", "false", "task.count", "2"));
        assertTrue(shared.getMessage().contains("mqtt.shared.subscriptions"), shared.getMessage());
        ConfigException uri = assertThrows(ConfigException.class, () -> config("mqtt.server.uris", "http://broker:80"));
        assertTrue(uri.getMessage().contains("mqtt.server.uris"), uri.getMessage());
        assertEquals("fleetml-fleet-3", config("task.number", "3").clientId());
        assertEquals("fleet", config().sharedGroup());
    }
}
