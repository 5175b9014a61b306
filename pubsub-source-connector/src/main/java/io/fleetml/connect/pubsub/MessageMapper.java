package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.payload.PayloadSettings;
import io.fleetml.connect.common.payload.RecordRejected;
import io.fleetml.connect.common.payload.RejectedPayloads;

import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.PubsubMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a Pub/Sub message into a source record: the payload in {@code payload.format} as the value, the key from an
 * attribute or the ordering key, and the attributes, ordering key, message id and publish time as headers, so the value
 * never changes shape with the attributes a publisher happens to set.
 */
final class MessageMapper {
    static final String MESSAGE_ID_HEADER = "pubsub.message.id";
    static final String PUBLISH_TIME_HEADER = "pubsub.publish.time";
    static final String ORDERING_KEY_HEADER = "pubsub.ordering.key";
    static final String DELIVERY_ATTEMPT_HEADER = "pubsub.delivery.attempt";
    static final String ATTRIBUTE_NAMES_HEADER = "pubsub.attribute.names";
    static final String HEADER_PREFIX = "pubsub";

    private final String topic;
    private final String keyAttribute;
    private final String timestampAttribute;
    private final String attributePrefix;
    private final PayloadSettings payload;
    private final String errorsTopic;

    MessageMapper(PubSubSourceConfig config) {
        topic = config.kafkaTopic();
        keyAttribute = config.keyAttribute();
        timestampAttribute = config.timestampAttribute();
        attributePrefix = config.attributeHeaderPrefix();
        payload = config.payload();
        errorsTopic = config.errorsTopic();
    }

    SourceRecord map(PubsubMessage message) throws RecordRejected {
        payload.checkSize(message.getData().size());
        long timestamp = timestamp(message);
        Object value = payload.format().parse(message.getData().toByteArray());
        return new SourceRecord(null, null, topic, null, Schema.OPTIONAL_STRING_SCHEMA, key(message), payload.format().schema(), value,
                timestamp, headers(message));
    }

    /**
     * The record for {@code errors.topic}: the raw payload, keyed by message id, with headers naming the error, the
     * message id, publish time and delivery attempt. Attribute values and the ordering key stay out, only the attribute
     * names travel: publishers put VINs and customer ids there, and errors topics are read by people who must not see them.
     */
    SourceRecord errorRecord(PubsubMessage message, RecordRejected rejection) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(ATTRIBUTE_NAMES_HEADER, String.join(",", new TreeSet<>(message.getAttributesMap().keySet())));
        addDeliveryHeaders(headers, message);
        byte[] bytes = RejectedPayloads.describe(headers, HEADER_PREFIX, message.getData().toByteArray(), rejection, payload.producerLimit());
        return new SourceRecord(null, null, errorsTopic, null, Schema.STRING_SCHEMA, message.getMessageId(), Schema.OPTIONAL_BYTES_SCHEMA,
                bytes, publishTimeMs(message), headers);
    }

    private String key(PubsubMessage message) {
        if (keyAttribute == null) {
            return null;
        }
        if (PubSubSourceConfig.ORDERING_KEY.equals(keyAttribute)) {
            return message.getOrderingKey().isEmpty() ? null : message.getOrderingKey();
        }
        return message.getAttributesOrDefault(keyAttribute, null);
    }

    private long timestamp(PubsubMessage message) throws RecordRejected {
        if (timestampAttribute == null) {
            return publishTimeMs(message);
        }
        String text = message.getAttributesOrDefault(timestampAttribute, null);
        if (text == null) {
            throw new RecordRejected(RecordRejected.INVALID_TIMESTAMP, "message has no attribute '" + timestampAttribute + "' ("
                    + PubSubSourceConfig.TIMESTAMP_ATTRIBUTE_CONFIG + ")");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException notEpoch) {
            try {
                return Instant.parse(text.trim()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new RecordRejected(RecordRejected.INVALID_TIMESTAMP, "attribute '" + timestampAttribute + "' ("
                        + PubSubSourceConfig.TIMESTAMP_ATTRIBUTE_CONFIG + ") is neither epoch milliseconds nor an ISO-8601 instant");
            }
        }
    }

    private static long publishTimeMs(PubsubMessage message) {
        return message.getPublishTime().getSeconds() * 1000 + message.getPublishTime().getNanos() / 1_000_000;
    }

    private ConnectHeaders headers(PubsubMessage message) {
        ConnectHeaders headers = new ConnectHeaders();
        for (Map.Entry<String, String> attribute : message.getAttributesMap().entrySet()) {
            headers.addString(attributePrefix + attribute.getKey(), attribute.getValue());
        }
        addDeliveryHeaders(headers, message);
        if (!message.getOrderingKey().isEmpty()) {
            headers.addString(ORDERING_KEY_HEADER, message.getOrderingKey());
        }
        return headers;
    }

    private static void addDeliveryHeaders(ConnectHeaders headers, PubsubMessage message) {
        headers.addString(MESSAGE_ID_HEADER, message.getMessageId());
        headers.addLong(PUBLISH_TIME_HEADER, publishTimeMs(message));
        Integer attempt = Subscriber.getDeliveryAttempt(message);
        if (attempt != null) {
            headers.addInt(DELIVERY_ATTEMPT_HEADER, attempt);
        }
    }
}
