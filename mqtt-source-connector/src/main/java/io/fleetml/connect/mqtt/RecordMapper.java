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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an MQTT message into a source record: Kafka topic and key from the captures of its topic filter, the payload in
 * {@code payload.format}, and headers carrying the MQTT topic, QoS, retain flag and MQTT 5 properties. A message that
 * cannot become a record is rejected with a reason, or turned into a record for {@code errors.topic}. Neither a reason
 * nor an errors record quotes the MQTT topic, a capture or a user property: they name vehicles, and errors topics are
 * read by people who must not see them. The errors record keeps the payload byte for byte, for replay.
 */
final class RecordMapper {
    static final String TOPIC_HEADER = "mqtt.topic";
    static final String QOS_HEADER = "mqtt.qos";
    static final String RETAIN_HEADER = "mqtt.retain";
    static final String HEADER_PREFIX = "mqtt";
    static final String TOPIC_LABEL_HEADER = "mqtt.topic.label";
    /** MQTT 5 properties an errors record keeps: they describe the payload and name nobody. */
    private static final Set<String> DESCRIPTIVE_PROPERTIES = Set.of("mqtt.content.type", "mqtt.payload.format.indicator",
            "mqtt.message.expiry.interval");

    private final List<TopicPattern> patterns;
    private final Template topic;
    private final Template key;
    private final PayloadSettings payload;
    private final String errorsTopic;
    private final Pattern topicCapture;
    private final TopicLabel labels;

    RecordMapper(MqttSourceConfig config) {
        patterns = config.topicPatterns();
        labels = new TopicLabel(patterns);
        topic = config.kafkaTopic();
        topicCapture = config.kafkaTopicCapturePattern();
        key = config.kafkaKey();
        payload = config.payload();
        errorsTopic = config.errorsTopic();
    }

    SourceRecord map(Incoming message) throws RecordRejected {
        Map<String, String> captures = captures(message.topic());
        for (String name : topic.names()) {
            if (!topicCapture.matcher(captures.get(name)).matches()) {
                throw new RecordRejected(RecordRejected.INVALID_TOPIC, "capture {" + name + "} of the MQTT topic may not name a "
                        + "Kafka topic: it does not match " + MqttSourceConfig.KAFKA_TOPIC_CAPTURE_CONFIG + " " + topicCapture);
            }
        }
        String kafkaTopic = topic.render(captures);
        try {
            Topic.validate(kafkaTopic);
        } catch (InvalidTopicException e) {
            throw new RecordRejected(RecordRejected.INVALID_TOPIC, "the Kafka topic " + MqttSourceConfig.KAFKA_TOPIC_CONFIG + " "
                    + topic + " makes of this MQTT topic is not a valid topic name (empty, longer than 249 characters, or "
                    + "characters other than ASCII letters, digits, '.', '_' and '-')");
        }
        payload.checkSize(message.payload().length);
        Object value = payload.format().parse(message.payload());
        String recordKey = key == null ? message.topic() : key.render(captures);
        return new SourceRecord(null, null, kafkaTopic, null, Schema.STRING_SCHEMA, recordKey, payload.format().schema(), value,
                message.receivedAtMs(), headers(message));
    }

    /**
     * The record for {@code errors.topic}: the raw payload, keyed by the topic's {@link TopicLabel}, with headers naming
     * the error, QoS, retain flag and the MQTT 5 properties that describe the payload. A payload rejected for its size
     * also carries the size; one too large for any produce request goes without its bytes, with its SHA-256 instead.
     */
    SourceRecord errorRecord(Incoming message, RecordRejected rejection) {
        String label = labels.of(message.topic());
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(TOPIC_LABEL_HEADER, label);
        headers.addInt(QOS_HEADER, message.qos());
        headers.addBoolean(RETAIN_HEADER, message.retain());
        addProperties(headers, message.properties().stream().filter(p -> DESCRIPTIVE_PROPERTIES.contains(p.getKey())).toList());
        byte[] bytes = RejectedPayloads.describe(headers, HEADER_PREFIX, message.payload(), rejection, payload.producerLimit());
        return new SourceRecord(null, null, errorsTopic, null, Schema.STRING_SCHEMA, label, Schema.OPTIONAL_BYTES_SCHEMA,
                bytes, message.receivedAtMs(), headers);
    }

    /** How the task names the message's topic in logs and task status. */
    String label(Incoming message) {
        return labels.of(message.topic());
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
        addProperties(headers, message.properties());
        return headers;
    }

    private static void addProperties(Headers headers, List<Map.Entry<String, Object>> properties) {
        for (Map.Entry<String, Object> property : properties) {
            Object value = property.getValue();
            if (value instanceof Long number) {
                headers.addLong(property.getKey(), number);
            } else if (value instanceof byte[] bytes) {
                headers.addBytes(property.getKey(), bytes);
            } else {
                headers.addString(property.getKey(), value.toString());
            }
        }
    }
}
