package io.fleetml.connect.gcs.format;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw bytes as Confluent's ByteArrayFormat writes them: each value followed by the separator. */
class ByteArrayFormatTest {
    private static final FormatOptions CONFLUENT_DEFAULTS = new FormatOptions(null, 64 * 1024, 8 * 1024, true);

    private static RecordFormat format(String separator, String extension) {
        return RecordFormats.create("bytearray", "", new FormatOptions(null, 64 * 1024, 8 * 1024, true, separator, extension));
    }

    private static SinkRecord record(Schema schema, Object value, long offset) {
        return new SinkRecord("raw", 0, null, null, schema, value, offset);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] write(RecordFormat format, List<SinkRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter writer = format.newWriter(out, Schema.OPTIONAL_BYTES_SCHEMA)) {
            for (SinkRecord record : records) {
                writer.write(record);
            }
        }
        return out.toByteArray();
    }

    @Test
    void byDefaultEachValueIsFollowedByALineFeedInABinObject() throws IOException {
        RecordFormat format = RecordFormats.create("bytearray", "none", CONFLUENT_DEFAULTS);
        assertEquals("bin", format.extension());
        byte[] file = write(format, List.of(record(Schema.OPTIONAL_BYTES_SCHEMA, utf8("{\"a\":1}"), 0),
                record(Schema.BYTES_SCHEMA, utf8("second"), 1), record(null, new byte[] {0, (byte) 0xff}, 2)));
        assertArrayEquals(concat(utf8("{\"a\":1}\nsecond\n"), new byte[] {0, (byte) 0xff, '\n'}), file);
    }

    @Test
    void theSeparatorIsWrittenAsGivenAndAnEmptyOneConcatenatesTheValues() throws IOException {
        List<SinkRecord> records = List.of(record(null, utf8("a"), 0), record(null, utf8("b"), 1));
        assertArrayEquals(utf8("a\r\nb\r\n"), write(format("\r\n", "raw"), records));
        assertArrayEquals(utf8("a||b||"), write(format("||", "raw"), records));
        assertArrayEquals(utf8("ab"), write(format("", "raw"), records));
        assertEquals("raw", format("", "raw").extension());
    }

    @Test
    void aByteBufferIsWrittenFromItsPositionAndLeftUnread() throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(utf8("xxpayload"));
        buffer.position(2);
        assertArrayEquals(utf8("payload\n"), write(RecordFormats.create("bytearray", "", CONFLUENT_DEFAULTS),
                List.of(record(Schema.BYTES_SCHEMA, buffer, 0))));
        assertEquals(2, buffer.position());
    }

    @Test
    void aValueThatIsNotBytesFailsNamingWhatItIsAndTheFileKeepsTheGoodOnes() throws IOException {
        Schema schema = SchemaBuilder.struct().field("vin", Schema.STRING_SCHEMA).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter writer = RecordFormats.create("bytearray", "", CONFLUENT_DEFAULTS).newWriter(out, null)) {
            writer.write(record(null, utf8("ok-1"), 0));
            DataException struct = assertThrows(DataException.class,
                    () -> writer.write(record(schema, new Struct(schema).put("vin", "WVWZZZ1JZXW000001"), 1)));
            assertTrue(struct.getMessage().contains("STRUCT") && struct.getMessage().contains("ByteArrayConverter"), struct.getMessage());
            assertFalse(struct.getMessage().contains("WVWZZZ"), "the value is not in the message");
            DataException map = assertThrows(DataException.class, () -> writer.write(record(null, Map.of("vin", "V1"), 2)));
            assertTrue(map.getMessage().contains("the value is Map"), map.getMessage());
            DataException text = assertThrows(DataException.class, () -> writer.write(record(null, "text", 3)));
            assertTrue(text.getMessage().contains("the value is String"), text.getMessage());
            writer.write(record(null, utf8("ok-2"), 4));
        }
        assertArrayEquals(utf8("ok-1\nok-2\n"), out.toByteArray());
    }

    @Test
    void theSameRecordsGiveTheSameBytes() throws IOException {
        List<SinkRecord> records = List.of(record(null, utf8("a"), 0), record(null, ByteBuffer.wrap(utf8("b")), 1));
        RecordFormat format = RecordFormats.create("bytearray", "", CONFLUENT_DEFAULTS);
        assertArrayEquals(write(format, records), write(format, records));
    }

    @Test
    void onlyNoCompressionIsOffered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordFormats.create("bytearray", "gzip", CONFLUENT_DEFAULTS));
        assertTrue(e.getMessage().contains("bytearray") && e.getMessage().contains("gzip"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
