package io.fleetml.connect.common.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {
    @Test
    void namesAreTheConfigValues() {
        assertEquals(List.of("bytes", "string", "json"), PayloadFormat.NAMES);
        assertEquals(PayloadFormat.JSON, PayloadFormat.of(" JSON "));
        assertEquals(Schema.BYTES_SCHEMA, PayloadFormat.BYTES.schema());
        assertEquals(Schema.STRING_SCHEMA, PayloadFormat.STRING.schema());
        assertNull(PayloadFormat.JSON.schema());
    }

    @Test
    void bytesAreKeptAsTheyAre() throws RecordRejected {
        byte[] payload = {0, (byte) 0xff, 7};
        assertArrayEquals(payload, (byte[]) PayloadFormat.BYTES.parse(payload));
    }

    @Test
    void stringsAreStrictUtf8() throws RecordRejected {
        assertEquals("Grüße ✓", PayloadFormat.STRING.parse("Grüße ✓".getBytes(StandardCharsets.UTF_8)));
        RecordRejected e = assertThrows(RecordRejected.class, () -> PayloadFormat.STRING.parse(new byte[] {'o', 'k', (byte) 0xc3}));
        assertEquals(RecordRejected.INVALID_PAYLOAD, e.kind());
        assertEquals("payload is not valid UTF-8 (near byte 2)", e.getMessage());
    }

    @Test
    void jsonBecomesSchemalessValuesWithLongIntegers() throws RecordRejected {
        Object value = PayloadFormat.JSON.parse("{\"vin\":\"V1\",\"odometer_km\":12,\"location\":{\"lat\":48.1},\"codes\":[\"P0420\"]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Map.of("vin", "V1", "odometer_km", 12L, "location", Map.of("lat", 48.1), "codes", List.of("P0420")), value);
    }

    @Test
    void invalidJsonNamesThePositionButNotTheContent() {
        RecordRejected e = assertThrows(RecordRejected.class,
                () -> PayloadFormat.JSON.parse("{\"driver\": Erika Mustermann}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(RecordRejected.INVALID_PAYLOAD, e.kind());
        assertTrue(e.getMessage().startsWith("payload is not valid JSON (line 1, column"), e.getMessage());
        assertFalse(e.getMessage().contains("Erika"), e.getMessage());
        assertThrows(RecordRejected.class, () -> PayloadFormat.JSON.parse("{} trailing".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theProducerLimitLeavesRoomForKeyAndHeaders() {
        assertEquals(1024 * 1024 - 64 * 1024, PayloadLimits.producerPayloadLimit(Map.of()));
        assertEquals(4 * 1024 * 1024 - 64 * 1024,
                PayloadLimits.producerPayloadLimit(Map.of("producer.override.max.request.size", "4194304")));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", PayloadLimits.sha256Hex(new byte[0]));
    }
}
