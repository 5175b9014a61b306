package io.fleetml.connect.gcs.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import io.fleetml.connect.common.format.TfRecordCrc;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import io.fleetml.testkit.formats.ParquetBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every format written and read back with its own reader; same records give the same bytes; bad records leave the file valid. */
class RecordFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema LOCATION = SchemaBuilder.struct().name("fleetml.Location")
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    private static final Schema SCHEMA = SchemaBuilder.struct().name("fleetml.Telemetry")
            .field("vin", Schema.STRING_SCHEMA)
            .field("ts", Timestamp.SCHEMA)
            .field("speed", Schema.FLOAT64_SCHEMA)
            .field("firmware", Schema.INT32_SCHEMA)
            .field("location", LOCATION)
            .field("fuel", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("codes", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("price", Decimal.schema(2))
            .build();
    private static final String DECLARED = "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"vin\",\"type\":\"string\"},"
            + "{\"name\":\"speed\",\"type\":\"double\"},{\"name\":\"fuel\",\"type\":[\"null\",\"double\"],\"default\":null},"
            + "{\"name\":\"location\",\"type\":{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"lat\",\"type\":\"double\"}]}}]}";
    private static final FormatOptions OPTIONS = new FormatOptions(DECLARED, 64 * 1024, 8 * 1024, true);

    private static Struct struct(int i) {
        return new Struct(SCHEMA).put("vin", "VIN" + i).put("ts", new Date(1_764_000_000_000L + i)).put("speed", i + 0.5)
                .put("firmware", 2000 + i).put("location", new Struct(LOCATION).put("lat", 48.1 + i).put("lon", 11.5))
                .put("fuel", i % 2 == 0 ? null : 40.0 + i).put("codes", List.of("P0" + i, "ok")).put("price", BigDecimal.valueOf(120 + i, 2));
    }

    private static SinkRecord record(Schema schema, Object value, long offset) {
        return new SinkRecord("telemetry", 0, null, null, schema, value, offset);
    }

    private static byte[] write(RecordFormat format, Schema schema, List<?> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordWriter writer = format.newWriter(out, schema)) {
            long offset = 0;
            for (Object value : values) {
                writer.write(record(schema, value, offset++));
            }
        }
        return out.toByteArray();
    }

    private static List<Struct> structs(int n) {
        List<Struct> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(struct(i));
        }
        return values;
    }

    @ParameterizedTest
    @CsvSource({"snappy", "zstd", "gzip", "none"})
    void parquetReadsBackWithParquetsOwnReader(String codec) throws IOException {
        byte[] file = write(RecordFormats.create("parquet", codec, OPTIONS), SCHEMA, structs(300));
        List<GenericRecord> rows = readParquet(file);
        assertEquals(300, rows.size());
        GenericRecord row = rows.get(7);
        assertEquals("VIN7", row.get("vin").toString());
        assertEquals(1_764_000_000_007L, row.get("ts"));
        assertEquals(55.1, (Double) ((GenericRecord) row.get("location")).get("lat"), 1e-9);
        assertEquals(47.0, row.get("fuel"));
        assertNull(rows.get(8).get("fuel"));
        assertEquals("P07", ((List<?>) row.get("codes")).get(0).toString());
        assertEquals(2007, row.get("firmware"));
        assertEquals(new BigDecimal("1.27"), new BigDecimal(new java.math.BigInteger(bytes((ByteBuffer) row.get("price"))), 2));
    }

    @Test
    void schemalessRecordsUseTheDeclaredSchemaAndMissingOnesFailClearly() throws IOException {
        Map<String, Object> value = Map.of("vin", "V1", "speed", 12, "location", Map.of("lat", 48.1));
        byte[] file = write(RecordFormats.create("parquet", "", OPTIONS), null, List.of(value));
        GenericRecord row = readParquet(file).get(0);
        assertEquals(12.0, row.get("speed"));
        assertNull(row.get("fuel"));

        RecordFormat undeclared = RecordFormats.create("avro", "", new FormatOptions(null, 64 * 1024, 8 * 1024, true));
        DataException e = assertThrows(DataException.class, () -> write(undeclared, null, List.of(value)));
        assertTrue(e.getMessage().contains("format.avro.schema"), e.getMessage());
    }

    @Test
    void aBadRecordFailsNamingTheFieldAndTheFileKeepsTheGoodOnes() throws IOException {
        for (String format : List.of("parquet", "avro")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (RecordWriter writer = RecordFormats.create(format, "", OPTIONS).newWriter(out, null)) {
                writer.write(record(null, Map.of("vin", "ok-1", "speed", 1.0, "location", Map.of("lat", 1.0)), 0));
                DataException e = assertThrows(DataException.class,
                        () -> writer.write(record(null, Map.of("vin", "bad", "speed", "fast", "location", Map.of("lat", 1.0)), 1)));
                assertTrue(e.getMessage().contains("'speed'"), format + ": " + e.getMessage());
                DataException missing = assertThrows(DataException.class,
                        () -> writer.write(record(null, Map.of("vin", "bad", "speed", 1.0), 2)));
                assertTrue(missing.getMessage().contains("'location'"), format + ": " + missing.getMessage());
                writer.write(record(null, Map.of("vin", "ok-2", "speed", 2.0, "location", Map.of("lat", 2.0)), 3));
            }
            List<String> vins = new ArrayList<>();
            if ("parquet".equals(format)) {
                readParquet(out.toByteArray()).forEach(r -> vins.add(r.get("vin").toString()));
            } else {
                readAvro(out.toByteArray()).forEach(r -> vins.add(r.get("vin").toString()));
            }
            assertEquals(List.of("ok-1", "ok-2"), vins, format);
        }
    }

    @Test
    void aDecimalThatWouldNeedRoundingFailsNamingTheField() {
        Struct value = struct(1).put("price", new BigDecimal("1.234"));
        for (String format : List.of("parquet", "avro")) {
            DataException e = assertThrows(DataException.class, () -> write(RecordFormats.create(format, "", OPTIONS), SCHEMA, List.of(value)));
            assertTrue(e.getMessage().contains("'price'") && e.getMessage().contains("scale 3"), format + ": " + e.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({"none", "snappy", "deflate", "zstd"})
    void avroContainerFilesReadBackWithAvrosReader(String codec) throws IOException {
        List<GenericRecord> rows = readAvro(write(RecordFormats.create("avro", codec, OPTIONS), SCHEMA, structs(50)));
        assertEquals(50, rows.size());
        assertEquals("VIN49", rows.get(49).get("vin").toString());
        assertEquals(48.1 + 49, (Double) ((GenericRecord) rows.get(49).get("location")).get("lat"), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"none,jsonl", "gzip,jsonl.gz"})
    void jsonLinesHoldOneValuePerLine(String codec, String extension) throws IOException {
        RecordFormat format = RecordFormats.create("jsonl", codec, OPTIONS);
        assertEquals(extension, format.extension());
        byte[] file = write(format, SCHEMA, structs(20));
        byte[] text = "gzip".equals(codec) ? new GZIPInputStream(new ByteArrayInputStream(file)).readAllBytes() : file;
        String[] lines = new String(text, StandardCharsets.UTF_8).split("\n");
        assertEquals(20, lines.length);
        JsonNode node = JSON.readTree(lines[3]);
        assertEquals("VIN3", node.path("vin").asText());
        assertEquals(1_764_000_000_003L, node.path("ts").asLong());
        assertEquals(51.1, node.path("location").path("lat").asDouble(), 1e-9);
        assertEquals(1.23, node.path("price").asDouble(), 1e-9);
    }

    @Test
    void csvHasAHeaderOfFlattenedNamesAndQuotesCells() throws IOException {
        Map<String, Object> value = new TreeMap<>(Map.of("vin", "V,1", "note", "said \"hi\"", "location", Map.of("lat", 1.5, "lon", 2.5)));
        String csv = new String(write(RecordFormats.create("csv", "", OPTIONS), null, List.of(value)), StandardCharsets.UTF_8);
        assertEquals("location.lat,location.lon,note,vin\r\n1.5,2.5,\"said \"\"hi\"\"\",\"V,1\"\r\n", csv);
        DataException e = assertThrows(DataException.class, () -> write(RecordFormats.create("csv", "", OPTIONS), null,
                List.of(Map.of("a", 1), Map.of("a", 2, "b", 3))));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void tfRecordFramingAndExampleDecode() throws IOException {
        byte[] file = write(RecordFormats.create("tfrecord", "", OPTIONS), SCHEMA, structs(3));
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        while (in.hasRemaining()) {
            long length = in.getLong();
            byte[] lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
            assertEquals(TfRecordCrc.masked(lengthBytes, 0, 8), in.getInt());
            byte[] data = new byte[(int) length];
            in.get(data);
            assertEquals(TfRecordCrc.masked(data, 0, data.length), in.getInt());
            Map<String, String> features = decodeExample(data);
            assertEquals("bytes:VIN" + records, features.get("vin"));
            assertEquals("float:" + (records + 0.5f), features.get("speed"));
            assertEquals("int64:" + (2000 + records), features.get("firmware"));
            assertEquals("int64:" + (1_764_000_000_000L + records), features.get("ts"));
            assertEquals("float:" + (float) (48.1 + records), features.get("location.lat"));
            records++;
        }
        assertEquals(3, records);
    }

    @Test
    void sameRecordsGiveTheSameBytesInEveryFormat() throws IOException {
        for (String[] f : new String[][] {{"parquet", "snappy"}, {"avro", "deflate"}, {"jsonl", "gzip"}, {"csv", "gzip"}, {"tfrecord", "none"}}) {
            RecordFormat format = RecordFormats.create(f[0], f[1], OPTIONS);
            assertArrayEquals(write(format, SCHEMA, structs(40)), write(format, SCHEMA, structs(40)), f[0] + "+" + f[1]);
        }
    }

    @Test
    void unsupportedCompressionIsRejectedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordFormats.create("csv", "snappy", OPTIONS));
        assertTrue(e.getMessage().contains("csv") && e.getMessage().contains("snappy"), e.getMessage());
    }

    /** Decodes Example → Features → map entries → Feature lists generically from the wire format. */
    private static Map<String, String> decodeExample(byte[] example) throws IOException {
        Map<String, String> out = new TreeMap<>();
        CodedInputStream ex = CodedInputStream.newInstance(example);
        assertEquals(1, ex.readTag() >>> 3);
        CodedInputStream features = CodedInputStream.newInstance(ex.readByteArray());
        while (!features.isAtEnd()) {
            assertEquals(1, features.readTag() >>> 3);
            CodedInputStream entry = CodedInputStream.newInstance(features.readByteArray());
            entry.readTag();
            String key = entry.readString();
            entry.readTag();
            CodedInputStream feature = CodedInputStream.newInstance(entry.readByteArray());
            int kind = feature.readTag() >>> 3;
            CodedInputStream list = CodedInputStream.newInstance(feature.readByteArray());
            list.readTag();
            String value = switch (kind) {
                case 1 -> "bytes:" + list.readString();
                case 2 -> "float:" + CodedInputStream.newInstance(list.readByteArray()).readFloat();
                default -> "int64:" + CodedInputStream.newInstance(list.readByteArray()).readInt64();
            };
            out.put(key, value);
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static List<GenericRecord> readAvro(byte[] file) throws IOException {
        List<GenericRecord> rows = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(new SeekableByteArrayInput(file), new GenericDatumReader<>())) {
            reader.forEach(rows::add);
        }
        return rows;
    }

    private static List<GenericRecord> readParquet(byte[] file) throws IOException {
        return ParquetBytes.read(file);
    }
}
