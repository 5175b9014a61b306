package io.fleetml.connect.gcs;

import io.fleetml.connect.gcs.GcsSinkConfig.PartFormat;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordPartTest {
    private static SinkRecord keyed(Schema keySchema, Object key) {
        return new SinkRecord("t", 0, keySchema, key, null, Map.of("v", 1), 7);
    }

    @Test
    void aKeyThatIsNotAStructIsARecordOfOneFieldForFormatsOfRecordsAndAsItIsForJson() {
        SinkRecord view = RecordPart.KEYS.view(keyed(Schema.STRING_SCHEMA, "VIN-1"), PartFormat.PARQUET);
        assertEquals(Schema.Type.STRUCT, view.valueSchema().type());
        assertEquals("VIN-1", ((Struct) view.value()).get(RecordPart.KEY_FIELD));
        assertSame(view.valueSchema(), RecordPart.KEYS.view(keyed(Schema.STRING_SCHEMA, "VIN-2"), PartFormat.AVRO).valueSchema(),
                "one envelope per key schema");

        SinkRecord json = RecordPart.KEYS.view(keyed(Schema.STRING_SCHEMA, "VIN-1"), PartFormat.JSON);
        assertEquals("VIN-1", json.value());
        assertEquals(7, json.kafkaOffset());
    }

    @Test
    void aStructKeyIsWrittenAsItIsAndASchemalessStringKeyGetsAStringSchema() {
        Schema schema = SchemaBuilder.struct().name("Key").field("vin", Schema.STRING_SCHEMA).build();
        Struct key = new Struct(schema).put("vin", "VIN-1");
        assertSame(key, RecordPart.KEYS.view(keyed(schema, key), PartFormat.AVRO).value());

        SinkRecord schemaless = RecordPart.KEYS.view(keyed(null, "VIN-1"), PartFormat.AVRO);
        assertEquals(Schema.Type.STRING, schemaless.valueSchema().field(RecordPart.KEY_FIELD).schema().type());
    }

    @Test
    void keysAFormatCannotWriteAreRefusedSayingWhyWithoutTheKey() {
        DataException missing = assertThrows(DataException.class, () -> RecordPart.KEYS.view(keyed(null, null), PartFormat.JSON));
        assertTrue(missing.getMessage().contains("no key") && missing.getMessage().contains("store.kafka.keys"), missing.getMessage());

        DataException text = assertThrows(DataException.class,
                () -> RecordPart.KEYS.view(keyed(Schema.STRING_SCHEMA, "VIN-SECRET"), PartFormat.BYTEARRAY));
        assertTrue(text.getMessage().contains("ByteArrayConverter"), text.getMessage());
        assertFalse(text.getMessage().contains("VIN-SECRET"));

        DataException map = assertThrows(DataException.class,
                () -> RecordPart.KEYS.view(keyed(null, Map.of()), PartFormat.PARQUET));
        assertTrue(map.getMessage().contains("schemaless") && map.getMessage().contains("keys.format=parquet"), map.getMessage());

        DataException misfit = assertThrows(DataException.class,
                () -> RecordPart.KEYS.view(keyed(Schema.STRING_SCHEMA, 4711), PartFormat.JSON));
        assertTrue(misfit.getMessage().contains("does not fit its own schema"), misfit.getMessage());
        assertFalse(misfit.getMessage().contains("4711"));

        byte[] bytes = "VIN-1".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bytes, (byte[]) RecordPart.KEYS.view(keyed(null, bytes), PartFormat.BYTEARRAY).value());
    }

    @Test
    void headersAreTheRecordsPairsInOrderEachValueAsTextRepeatedKeysKept() {
        SinkRecord record = keyed(null, "k");
        record.headers().addString("source", "mqtt").addInt("seq", 3).addString("source", null);
        Struct view = (Struct) RecordPart.HEADERS.view(record, PartFormat.AVRO).value();
        List<String> pairs = view.getArray(RecordPart.HEADERS_FIELD).stream()
                .map(pair -> ((Struct) pair).get(RecordPart.HEADER_KEY_FIELD) + "=" + ((Struct) pair).get(RecordPart.HEADER_VALUE_FIELD))
                .toList();
        assertEquals(List.of("source=mqtt", "seq=3", "source=null"), pairs);

        DataException none = assertThrows(DataException.class, () -> RecordPart.HEADERS.view(keyed(null, "k"), PartFormat.AVRO));
        assertTrue(none.getMessage().contains("no headers"), none.getMessage());
    }
}
