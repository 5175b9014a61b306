package io.fleetml.connect.mqtt;

import io.fleetml.connect.common.payload.PayloadSettings;
import io.fleetml.connect.common.payload.RejectedPayloads;
import io.fleetml.connect.common.payload.RecordRejected;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;

/**
 * Turns an MQTT message into a source record: Kafka topic and key from the captures of its topic filter, the payload in
 * {@code payload.format}, and headers carrying the MQTT topic, QoS, retain flag and MQTT 5 properties. A message that
 * cannot become a record is rejected with a reason, or turned into a record for {@code errors.topic}.
 */
final class RecordMapper {
    static final String TOPIC_HEADER = "mqtt.topic";
    static final String QOS_HEADER = "mqtt.qos";
    static final String RETAIN_HEADER = "mqtt.retain";
    static final String HEADER_PREFIX = "mqtt";

    private final List<TopicPattern> patterns;
    private final Template topic;
    private final Template key;
    private final PayloadSettings payload;
    private final String errorsTopic;

    RecordMapper(MqttSourceConfig config) {
        patterns = config.topicPatterns();
        topic = config.kafkaTopic();
        key = config.kafkaKey();
        payload = config.payload();
        errorsTopic = config.errorsTopic();
    }

    SourceRecord map(Incoming message) throws RecordRejected {
        Map<String, String> captures = captures(message.topic());
        String kafkaTopic = topic.render(captures);
        try {
            Topic.validate(kafkaTopic);
        } catch (InvalidTopicException e) {
            throw new RecordRejected(RecordRejected.INVALID_TOPIC, "Kafka topic '" + kafkaTopic + "' from " + MqttSourceConfig.KAFKA_TOPIC_CONFIG
                    + " is not a valid topic name: " + e.getMessage());
        }
        payload.checkSize(message.payload().length);
        Object value = payload.format().parse(message.payload());
        String recordKey = key == null ? message.topic() : key.render(captures);
        return new SourceRecord(null, null, kafkaTopic, null, Schema.STRING_SCHEMA, recordKey, payload.format().schema(), value,
                message.receivedAtMs(), headers(message));
    }

    /**
     * The record for {@code errors.topic}: the raw payload and headers naming the error. A payload rejected for its size
     * also carries the size; one too large for any produce request goes without its bytes, with its SHA-256 instead.
     */
    SourceRecord errorRecord(Incoming message, RecordRejected rejection) {
        Headers headers = headers(message);
        byte[] bytes = RejectedPayloads.describe(headers, HEADER_PREFIX, message.payload(), rejection, payload.producerLimit());
        return new SourceRecord(null, null, errorsTopic, null, Schema.STRING_SCHEMA, message.topic(), Schema.OPTIONAL_BYTES_SCHEMA,
                bytes, message.receivedAtMs(), headers);
    }

    private Map<String, String> captures(String mqttTopic) throws RecordRejected {
        for (TopicPattern pattern : patterns) {
            Map<String, String> captured = pattern.match(mqttTopic);
            if (captured != null) {
                return captured;
            }
        }
        // Brokers may deliver retained or session messages of filters a task no longer subscribes to.
        throw new RecordRejected(RecordRejected.INVALID_TOPIC, "MQTT topic matches none of " + MqttSourceConfig.TOPICS_CONFIG + " " + patterns);
    }

    private static ConnectHeaders headers(Incoming message) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(TOPIC_HEADER, message.topic());
        headers.addInt(QOS_HEADER, message.qos());
        headers.addBoolean(RETAIN_HEADER, message.retain());
        for (Map.Entry<String, Object> property : message.properties()) {
            Object value = property.getValue();
            if (value instanceof Long number) {
                headers.addLong(property.getKey(), number);
            } else if (value instanceof byte[] bytes) {
                headers.addBytes(property.getKey(), bytes);
            } else {
                headers.addString(property.getKey(), value.toString());
            }
        }
        return headers;
    }
}
