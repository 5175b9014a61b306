package io.fleetml.connect.gcs.partition;

import io.fleetml.connect.common.FieldPath;
import io.fleetml.connect.common.FieldSyntax;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionersTest {
    private static final DateTimeFormatter HOURLY = DateTimeFormatter.ofPattern("'dt'=yyyy-MM-dd/'hour'=HH", Locale.ROOT)
            .withZone(ZoneId.of("UTC"));
    private static final long TS = 1_764_000_000_000L; // 2025-11-24T16:00:00Z

    private static SinkRecord record(Schema schema, Object value, Long timestamp) {
        return new SinkRecord("telemetry", 2, null, null, schema, value, 7L, timestamp, null);
    }

    private static FieldPath v2(String path) {
        return FieldPath.parse(path, FieldSyntax.V2, "partition.field.name");
    }

    @Test
    void defaultPartitionerUsesTheKafkaPartition() {
        assertEquals("partition=2", new DefaultPartitioner().encodePartition(record(null, Map.of(), TS)));
    }

    @Test
    void timePartitionerFloorsTheRecordTimeToTheDuration() {
        TimeBasedPartitioner hourly = new TimeBasedPartitioner(HOURLY, 3_600_000, TimestampExtractor.of(TimestampSource.RECORD, null, () -> 0));
        assertEquals("dt=2025-11-24/hour=16", hourly.encodePartition(record(null, Map.of(), TS)));
        TimeBasedPartitioner daily = new TimeBasedPartitioner(HOURLY, 86_400_000, TimestampExtractor.of(TimestampSource.RECORD, null, () -> 0));
        assertEquals("dt=2025-11-24/hour=00", daily.encodePartition(record(null, Map.of(), TS)));
    }

    @Test
    void eventTimeFromAFieldAsEpochMillisIsoTextOrConnectTimestamp() {
        TimestampExtractor field = TimestampExtractor.of(TimestampSource.RECORD_FIELD, v2("ts"), () -> 0);
        assertEquals(TS, field.timestamp(record(null, Map.of("ts", TS), null)));
        assertEquals(TS, field.timestamp(record(null, Map.of("ts", "2025-11-24T16:00:00Z"), null)));
        assertEquals(TS, field.timestamp(record(null, Map.of("ts", "2025-11-24T17:00:00+01:00"), null)));
        Schema schema = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).build();
        assertEquals(TS, field.timestamp(record(schema, new Struct(schema).put("ts", new Date(TS)), null)));
        DataException missing = assertThrows(DataException.class, () -> field.timestamp(record(null, Map.of("x", 1), null)));
        assertTrue(missing.getMessage().contains("'ts'"), missing.getMessage());
        DataException text = assertThrows(DataException.class, () -> field.timestamp(record(null, Map.of("ts", "yesterday"), null)));
        assertTrue(text.getMessage().contains("ISO-8601"), text.getMessage());
        assertThrows(DataException.class, () -> TimestampExtractor.of(TimestampSource.RECORD, null, () -> 0).timestamp(record(null, Map.of(), null)));
    }

    @Test
    void fieldAndTimeCombine() {
        Partitioner combined = new CompositePartitioner(new FieldPartitioner(List.of(v2("vehicle.region"))),
                new TimeBasedPartitioner(HOURLY, 3_600_000, TimestampExtractor.of(TimestampSource.RECORD_FIELD, v2("ts"), () -> 0)));
        assertEquals("region=eu/dt=2025-11-24/hour=16",
                combined.encodePartition(record(null, Map.of("vehicle", Map.of("region", "eu"), "ts", TS), null)));
    }

    @Test
    void recordWithoutThePartitionFieldIsABadRecordNamingTheField() {
        DataException e = assertThrows(DataException.class,
                () -> new FieldPartitioner(List.of(v2("vehicle.region"))).encodePartition(record(null, Map.of("vehicle", Map.of()), TS)));
        assertTrue(e.getMessage().contains("vehicle.region"), e.getMessage());
    }

    @Test
    void everyConnectTypeNamesTheSameDirectoryOnEveryWorker() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of(v2("unit")));
        assertEquals("unit=AQL_", partitioner.encodePartition(record(null, Map.of("unit", new byte[] {1, 2, -1}), TS)));
        assertEquals("unit=AQL_", partitioner.encodePartition(record(null, Map.of("unit", ByteBuffer.wrap(new byte[] {1, 2, -1})), TS)));
        assertEquals("unit=AQM", partitioner.encodePartition(record(null, Map.of("unit", ByteBuffer.wrap(new byte[] {1, 3})), TS)),
                "distinct bytes, distinct directories");
        assertEquals("unit=2025-11-24T16:00:00Z", partitioner.encodePartition(record(null, Map.of("unit", new Date(TS)), TS)));
        assertEquals("unit=12000.50", partitioner.encodePartition(record(null, Map.of("unit", new BigDecimal("1.200050E+4")), TS)));
        assertEquals("unit=7", partitioner.encodePartition(record(null, Map.of("unit", 7L), TS)));
        assertEquals("unit=true", partitioner.encodePartition(record(null, Map.of("unit", true), TS)));
        DataException list = assertThrows(DataException.class,
                () -> partitioner.encodePartition(record(null, Map.of("unit", List.of(1)), TS)));
        assertTrue(list.getMessage().contains("'unit'"), list.getMessage());
    }

    @Test
    void aValueTooLongForAnObjectNameIsABadRecord() {
        FieldPartitioner partitioner = new FieldPartitioner(List.of(v2("unit")));
        assertEquals(FieldPartitioner.MAX_VALUE_BYTES + 5, partitioner.encodePartition(
                record(null, Map.of("unit", "u".repeat(FieldPartitioner.MAX_VALUE_BYTES)), TS)).length());
        DataException e = assertThrows(DataException.class, () -> partitioner.encodePartition(
                record(null, Map.of("unit", "ü".repeat(FieldPartitioner.MAX_VALUE_BYTES / 2 + 1)), TS)));
        assertTrue(e.getMessage().contains("'unit' is 258 bytes"), e.getMessage());
    }

    @Property(tries = 500)
    void fieldValuesNeverAddPathLevels(@ForAll @StringLength(max = 60) String value) {
        String encoded = new FieldPartitioner(List.of(v2("region"))).encodePartition(record(null, Map.of("region", value), TS));
        assertFalse(encoded.contains("/"), encoded);
        assertTrue(encoded.startsWith("region="));
    }
}
