package io.fleetml.trainer;

import io.fleetml.connect.gcs.format.FormatOptions;
import io.fleetml.connect.gcs.format.RecordFormats;
import io.fleetml.connect.gcs.format.RecordWriter;
import io.fleetml.model.features.Features;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parquet's Avro values come out as the values a JSON line of the same record reads as, logical types included. */
class ParquetRecordsTest {
    private static final Schema SCHEMA = SchemaBuilder.struct().name("fleetml.Reading")
            .field("amount", Decimal.schema(2))
            .field("ts", Timestamp.SCHEMA)
            .field("tyres", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.FLOAT64_SCHEMA).build())
            .field("speeds", SchemaBuilder.array(Schema.FLOAT32_SCHEMA).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final FormatOptions OPTIONS = new FormatOptions(null, 1024 * 1024, 64 * 1024, false);

    private static List<Object> write(Path file, String format, String compression) throws IOException {
        Struct value = new Struct(SCHEMA)
                .put("amount", new BigDecimal("12.34"))
                .put("ts", new Date(1_764_475_200_000L))
                .put("tyres", Map.of("front_left", 2.4, "rear_right", 2.1))
                .put("speeds", List.of(12.5f, 0f));
        try (RecordWriter writer = RecordFormats.create(format, compression, OPTIONS).newWriter(Files.newOutputStream(file), SCHEMA)) {
            writer.write(new SinkRecord("readings", 0, null, null, SCHEMA, value, 0));
        }
        List<Object> records = new ArrayList<>();
        SinkFileFormat.of(file.getFileName().toString(), "+").orElseThrow()
                .read(new LocalSinkFile(file, file.getFileName().toString()), records::add);
        return records;
    }

    @Test
    void decimalsTimestampsMapsAndArraysReadAsInJsonLines(@TempDir Path dir) throws Exception {
        Object parquet = write(dir.resolve("readings+0+00000000000000000000.parquet"), "parquet", "snappy").get(0);
        Object jsonl = write(dir.resolve("readings+0+00000000000000000000.jsonl"), "jsonl", "none").get(0);

        Map<?, ?> record = (Map<?, ?>) parquet;
        assertEquals(new BigDecimal("12.34"), record.get("amount"));
        assertEquals(1_764_475_200_000L, record.get("ts"));
        assertEquals(Map.of("front_left", 2.4, "rear_right", 2.1), record.get("tyres"));
        assertEquals(List.of(12.5f, 0f), record.get("speeds"));
        assertTrue(record.containsKey("note") && record.get("note") == null, record.toString());

        Features features = Features.parse("amount, log1p(amount), hour_sin(ts), tyres.front_left, `tyres`.rear_right", "features");
        assertArrayEquals(features.extract(jsonl), features.extract(parquet));
    }

    @Test
    void aFileThatIsNotParquetFailsSayingSo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("payments+0+00000000000000000000.parquet");
        Files.writeString(file, "{\"amount\": 1}\n");
        IOException e = assertThrows(IOException.class,
                () -> new SinkFileReader(Features.parse("amount", "features"), RecordLabels.NONE, "+")
                        .read(List.of(new LocalSinkFile(file, file.getFileName().toString())), line -> { }));
        assertTrue(e.getMessage().startsWith(file + ": not a readable Parquet file: "), e.getMessage());
    }
}
