package io.fleetml.connect.gcs;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageIdentityTest {
    private static SinkRecord record(Object value, Headers headers) {
        return new SinkRecord("t", 0, null, null, null, value, 0, null, null, headers);
    }

    private static MessageIdentity fields(String... paths) {
        return MessageIdentity.fields(Arrays.stream(paths).map(p -> FieldPath.parse(p, FieldSyntax.V2, "dedup.fields")).toList());
    }

    @Test
    void aHeaderIdentifiesAsTextWhetherStringOrBytes() {
        MessageIdentity identity = MessageIdentity.header("pubsub.message.id");
        assertEquals("4711", identity.of(record(Map.of(), new ConnectHeaders().addString("pubsub.message.id", "4711"))));
        assertEquals("4711", identity.of(record(Map.of(), new ConnectHeaders()
                .addBytes("pubsub.message.id", "4711".getBytes(StandardCharsets.UTF_8)))));
        assertNull(identity.of(record(Map.of(), new ConnectHeaders().addString("other", "4711"))));
    }

    @Test
    void binaryHeaderIdsThatAreNotUtf8StayApart() {
        MessageIdentity identity = MessageIdentity.header("id");
        assertNotEquals(identity.of(record(Map.of(), new ConnectHeaders().addBytes("id", new byte[]{(byte) 0xff, 1}))),
                identity.of(record(Map.of(), new ConnectHeaders().addBytes("id", new byte[]{(byte) 0xfe, 1}))));
    }

    @Test
    void fieldValuesJoinUnambiguously() {
        MessageIdentity identity = fields("a", "b");
        assertNotEquals(identity.of(record(Map.of("a", "x,", "b", "y"), new ConnectHeaders())),
                identity.of(record(Map.of("a", "x", "b", ",y"), new ConnectHeaders())));
        assertEquals(identity.of(record(Map.of("a", "x", "b", 1L), new ConnectHeaders())),
                identity.of(record(new HashMap<>(Map.of("b", 1L, "a", "x")), new ConnectHeaders())));
    }

    @Test
    void aMissingOrNullFieldLeavesTheRecordWithoutIdentity() {
        MessageIdentity identity = fields("vehicle.vin", "ts");
        Map<String, Object> withNull = new HashMap<>(Map.of("vehicle", Map.of("vin", "V1")));
        withNull.put("ts", null);
        assertNull(identity.of(record(withNull, new ConnectHeaders())));
        assertNull(identity.of(record(Map.of("ts", 1L), new ConnectHeaders())));
        assertEquals("2:V11:1", identity.of(record(Map.of("vehicle", Map.of("vin", "V1"), "ts", 1L), new ConnectHeaders())));
    }

    @Test
    void valuesWhoseToStringHidesTheirContentStillTellApart() {
        MessageIdentity identity = fields("v");
        assertNotEquals(identity.of(record(Map.of("v", ByteBuffer.wrap(new byte[]{1})), new ConnectHeaders())),
                identity.of(record(Map.of("v", ByteBuffer.wrap(new byte[]{2})), new ConnectHeaders())));
        assertEquals(identity.of(record(Map.of("v", new byte[]{1, 2}), new ConnectHeaders())),
                identity.of(record(Map.of("v", new byte[]{1, 2}), new ConnectHeaders())));
        assertNotEquals(identity.of(record(Map.of("v", new Date(1000)), new ConnectHeaders())),
                identity.of(record(Map.of("v", new Date(1001)), new ConnectHeaders())));
        assertEquals("1:x", identity.of(record(Map.of("v", "x"), new ConnectHeaders())));
    }
}
