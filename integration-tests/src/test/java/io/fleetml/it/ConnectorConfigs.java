package io.fleetml.it;

import java.util.HashMap;
import java.util.Map;

/**
 * The settings tests give the MQTT source and the GCS sink for schemaless JSON records with string keys, one task
 * each; a test adds the settings it is about (transforms, errors topic).
 */
final class ConnectorConfigs {
    private ConnectorConfigs() {
    }

    /** MQTT messages of {@code mqttTopics} with JSON payloads into {@code kafkaTopic}, keyed by a topic template. */
    static Map<String, String> mqttJsonSource(String serverUri, String mqttTopics, String kafkaTopic, String kafkaKey) {
        Map<String, String> config = jsonRecords("io.fleetml.connect.mqtt.MqttSourceConnector");
        config.put("mqtt.server.uris", serverUri);
        config.put("mqtt.topics", mqttTopics);
        config.put("kafka.topic", kafkaTopic);
        config.put("kafka.key", kafkaKey);
        config.put("payload.format", "json");
        return config;
    }

    /** {@code topic} into JSON-lines objects of {@code flushSize} records in {@code bucket}, default partitioning. */
    static Map<String, String> gcsJsonlSink(String endpoint, String bucket, String topic, int flushSize) {
        Map<String, String> config = jsonRecords("io.fleetml.connect.gcs.GcsSinkConnector");
        config.put("topics", topic);
        config.put("gcs.bucket.name", bucket);
        config.put("gcs.endpoint", endpoint);
        config.put("format", "jsonl");
        config.put("partitioner", "default");
        config.put("flush.size", Integer.toString(flushSize));
        return config;
    }

    private static Map<String, String> jsonRecords(String connectorClass) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }
}
