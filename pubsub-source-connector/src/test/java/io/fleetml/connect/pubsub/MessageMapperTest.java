package io.fleetml.connect.pubsub;

import io.fleetml.connect.common.payload.RecordRejected;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.PubsubMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageMapperTest {
    private static final long PUBLISHED_MS = 1_764_460_800_123L;

    private static MessageMapper mapper(String... settings) {
        return new MessageMapper(new PubSubSourceConfig(PubSubSourceConfigTest.props(settings)));
    }

    private static PubsubMessage message(String payload) {
        return PubsubMessage.newBuilder()
                .setData(ByteString.copyFromUtf8(payload))
                .setMessageId("4711")
                .setPublishTime(Timestamp.newBuilder().setSeconds(PUBLISHED_MS / 1000).setNanos((int) (PUBLISHED_MS % 1000) * 1_000_000 + 999))
                .setOrderingKey("VIN123")
                .putAttributes("vin", "WVWZZZ1JZXW000001")
                .putAttributes("event_time", "2026-11-30T08:15:30.250Z")
                .build();
    }

    private static Map<String, Object> headers(SourceRecord record) {
        Map<String, Object> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return headers;
    }

    @Test
    void bytesPayloadStaysTheValueAndAttributesBecomeHeaders() throws RecordRejected {
        SourceRecord record = mapper().map(message("{\"amount\":12.5}"));
        assertEquals("payments.raw", record.topic());
        assertNull(record.kafkaPartition(), "Kafka's partitioner places the record");
        assertNull(record.key());
        assertEquals(Schema.BYTES_SCHEMA, record.valueSchema());
        assertArrayEquals("{\"amount\":12.5}".getBytes(StandardCharsets.UTF_8), (byte[]) record.value());
        assertEquals(PUBLISHED_MS, record.timestamp());
        Map<String, Object> headers = headers(record);
        assertEquals("WVWZZZ1JZXW000001", headers.get("vin"));
        assertEquals("4711", headers.get("pubsub.message.id"));
        assertEquals(PUBLISHED_MS, headers.get("pubsub.publish.time"));
        assertEquals("VIN123", headers.get("pubsub.ordering.key"));
    }

    @Test
    void attributeHeadersCanBePrefixed() throws RecordRejected {
        Map<String, Object> headers = headers(mapper("attribute.header.prefix", "attr.").map(message("x")));
        assertEquals("WVWZZZ1JZXW000001", headers.get("attr.vin"));
        assertFalse(headers.containsKey("vin"));
    }

    @Test
    void keyComesFromAnAttributeOrTheOrderingKey() throws RecordRejected {
        assertEquals("WVWZZZ1JZXW000001", mapper("kafka.key.attribute", "vin").map(message("x")).key());
        assertEquals("VIN123", mapper("kafka.key.attribute", "orderingKey").map(message("x")).key());
        assertNull(mapper("kafka.key.attribute", "driver").map(message("x")).key());
        PubsubMessage unordered = message("x").toBuilder().setOrderingKey("").build();
        assertNull(mapper("kafka.key.attribute", "orderingKey").map(unordered).key());
        assertFalse(headers(mapper().map(unordered)).containsKey("pubsub.ordering.key"));
    }

    @Test
    void timestampFromAnAttributeAsIsoInstantOrEpochMillis() throws RecordRejected {
        MessageMapper mapper = mapper("kafka.timestamp.attribute", "event_time");
        assertEquals(1_796_026_530_250L, mapper.map(message("x")).timestamp());
        PubsubMessage epoch = message("x").toBuilder().putAttributes("event_time", "1796026530251").build();
        assertEquals(1_796_026_530_251L, mapper.map(epoch).timestamp());
    }

    @Test
    void missingOrUnreadableTimestampIsRejectedWithoutQuotingIt() {
        MessageMapper mapper = mapper("kafka.timestamp.attribute", "event_time");
        PubsubMessage garbled = message("x").toBuilder().putAttributes("event_time", "yesterday-SECRET").build();
        RecordRejected unreadable = assertThrows(RecordRejected.class, () -> mapper.map(garbled));
        assertEquals(RecordRejected.INVALID_TIMESTAMP, unreadable.kind());
        assertTrue(unreadable.getMessage().contains("event_time"));
        assertFalse(unreadable.getMessage().contains("SECRET"));
        PubsubMessage missing = message("x").toBuilder().removeAttributes("event_time").build();
        assertEquals(RecordRejected.INVALID_TIMESTAMP, assertThrows(RecordRejected.class, () -> mapper.map(missing)).kind());
    }

    @Test
    void jsonAndStringFormatsAreTheSharedOnes() throws RecordRejected {
        assertEquals(Map.of("amount", 12.5, "n", 3L), mapper("payload.format", "json").map(message("{\"amount\":12.5,\"n\":3}")).value());
        assertEquals("plain", mapper("payload.format", "string").map(message("plain")).value());
        RecordRejected bad = assertThrows(RecordRejected.class, () -> mapper("payload.format", "json").map(message("{\"card\":\"4111")));
        assertEquals(RecordRejected.INVALID_PAYLOAD, bad.kind());
        assertFalse(bad.getMessage().contains("4111"));
    }

    @Test
    void errorRecordsKeepTheRawPayloadAndNameTheErrorButNoAttributeValue() {
        MessageMapper mapper = mapper("errors.topic", "payments.errors", "payload.format", "json", "payload.max.bytes", "4");
        RecordRejected tooLarge = assertThrows(RecordRejected.class, () -> mapper.map(message("12345")));
        SourceRecord error = mapper.errorRecord(message("12345"), tooLarge);
        assertEquals("payments.errors", error.topic());
        assertEquals("4711", error.key());
        assertArrayEquals("12345".getBytes(StandardCharsets.UTF_8), (byte[]) error.value());
        assertEquals(PUBLISHED_MS, error.timestamp());
        Map<String, Object> headers = headers(error);
        assertEquals("payload-too-large", headers.get("pubsub.error.kind"));
        assertEquals(5L, headers.get("pubsub.payload.size"));
        assertEquals("4711", headers.get("pubsub.message.id"));
        assertEquals(PUBLISHED_MS, headers.get("pubsub.publish.time"));
        for (Header header : error.headers()) {
            String value = String.valueOf(header.value());
            assertFalse(value.contains("WVWZZZ1JZXW000001") || value.contains("VIN123"), header.key() + " names the vehicle");
        }
        assertTrue(headers.get("pubsub.attribute.names").toString().contains("vin"), "the names of the attributes travel");
    }

    @Test
    void payloadsTooLargeForAnyRequestTravelAsTheirHash() {
        MessageMapper mapper = mapper("errors.topic", "payments.errors", "payload.max.bytes", "4", "producer.override.max.request.size", "70000");
        byte[] huge = new byte[10_000];
        Arrays.fill(huge, (byte) 'a');
        PubsubMessage message = message("x").toBuilder().setData(ByteString.copyFrom(huge)).build();
        RecordRejected tooLarge = assertThrows(RecordRejected.class, () -> mapper.map(message));
        SourceRecord error = mapper.errorRecord(message, tooLarge);
        assertNull(error.value());
        assertEquals(64, ((String) headers(error).get("pubsub.payload.sha256")).length());
    }
}
