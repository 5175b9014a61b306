package io.fleetml.connect.pii;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiiMaskTest {
    static final String KEY = "0123456789abcdef-test-key";

    static final Schema LOCATION = SchemaBuilder.struct().name("location")
            .field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA).build();
    static final Schema DRIVER = SchemaBuilder.struct().name("driver").optional()
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("phone", Schema.STRING_SCHEMA)
            .build();
    static final Schema CARD = SchemaBuilder.struct().name("card").field("number", Schema.STRING_SCHEMA).build();
    static final Schema PAYMENT = SchemaBuilder.struct().name("payment")
            .field("payment_id", Schema.STRING_SCHEMA)
            .field("vin", Schema.STRING_SCHEMA)
            .field("driver_id", Schema.INT64_SCHEMA)
            .field("driver", DRIVER)
            .field("card", CARD)
            .field("location", LOCATION)
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("emails", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    static String hmacHex(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static PiiMask<SourceRecord> value(Map<String, String> props) {
        PiiMask<SourceRecord> smt = new PiiMask.Value<>();
        smt.configure(props);
        return smt;
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return props;
    }

    static Struct payment() {
        return new Struct(PAYMENT)
                .put("payment_id", "p-1")
                .put("vin", "1M8GDM9AXKP042788")
                .put("driver_id", 4711L)
                .put("driver", new Struct(DRIVER).put("name", "Erika Mustermann").put("email", "erika@example.com").put("phone", "+49 171 1234567"))
                .put("card", new Struct(CARD).put("number", "4111111111111111"))
                .put("location", new Struct(LOCATION).put("lat", 48.137154).put("lon", 11.575382))
                .put("amount", 54.2)
                .put("emails", List.of("a@example.com", "b@example.com"))
                .put("notes", "call me on +49 171 1234567 or erika@example.com");
    }

    static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "payments", 0, null, null, schema, value);
    }

    private static final Map<String, String> ALL_ACTIONS = props(
            "field.syntax.version", "V2",
            "hash.fields", "vin,driver_id",
            "hash.key", KEY,
            "partial.fields", "card.number",
            "redact.fields", "driver.name,emails",
            "drop.fields", "driver.phone",
            "geo.fields", "location",
            "scan.fields", "notes");

    @Test
    void structRecordGetsEveryActionAndAMatchingSchema() {
        SourceRecord out = value(ALL_ACTIONS).apply(record(PAYMENT, payment()));
        Struct v = (Struct) out.value();
        v.validate();
        assertEquals(hmacHex("1M8GDM9AXKP042788"), v.getString("vin"));
        assertEquals(hmacHex("4711"), v.getString("driver_id"));
        assertEquals(Schema.Type.STRING, out.valueSchema().field("driver_id").schema().type());
        assertEquals("************1111", v.getStruct("card").getString("number"));
        assertEquals("", v.getStruct("driver").getString("name"));
        assertEquals("erika@example.com", v.getStruct("driver").getString("email"), "not configured, so untouched");
        assertNull(out.valueSchema().field("driver").schema().field("phone"), "dropped from the schema");
        assertEquals(48.13, v.getStruct("location").getFloat64("lat"));
        assertEquals(11.57, v.getStruct("location").getFloat64("lon"));
        assertEquals(List.of(), v.getArray("emails"));
        assertEquals("call me on [PHONE] or [EMAIL]", v.getString("notes"));
        assertEquals("p-1", v.getString("payment_id"));
        assertEquals(54.2, v.getFloat64("amount"));
    }

    @Test
    void mapRecordGetsTheSameTreatment() {
        Map<String, Object> driver = new LinkedHashMap<>(Map.of("name", "Erika Mustermann", "phone", "+49 171 1234567"));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", "1M8GDM9AXKP042788");
        value.put("driver_id", 4711);
        value.put("driver", driver);
        value.put("card", Map.of("number", "4111111111111111"));
        value.put("location", Map.of("lat", 48.137154, "lon", 11.575382));
        value.put("emails", List.of("a@example.com"));
        value.put("notes", "reach me at erika@example.com");
        SourceRecord out = value(ALL_ACTIONS).apply(record(null, value));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) out.value();
        assertEquals(hmacHex("1M8GDM9AXKP042788"), v.get("vin"));
        assertEquals(hmacHex("4711"), v.get("driver_id"));
        assertEquals(Map.of("name", ""), v.get("driver"));
        assertEquals("************1111", ((Map<?, ?>) v.get("card")).get("number"));
        assertEquals(Map.of("lat", 48.13, "lon", 11.57), v.get("location"));
        assertEquals(List.of(), v.get("emails"));
        assertEquals("reach me at [EMAIL]", v.get("notes"));
        assertEquals("+49 171 1234567", driver.get("phone"), "the input record is not modified");
    }

    @Test
    void pathsThroughArraysApplyToEveryElement() {
        Schema item = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("passengers", SchemaBuilder.array(item).build()).build();
        Struct value = new Struct(schema).put("passengers", List.of(
                new Struct(item).put("email", "a@x.io").put("n", 1), new Struct(item).put("email", "b@x.io").put("n", 2)));
        PiiMask<SourceRecord> smt = value(props("field.syntax.version", "V2", "hash.fields", "passengers.email", "hash.key", KEY));
        Struct out = (Struct) smt.apply(record(schema, value)).value();
        List<Struct> passengers = out.getArray("passengers");
        assertEquals(hmacHex("a@x.io"), passengers.get(0).getString("email"));
        assertEquals(hmacHex("b@x.io"), passengers.get(1).getString("email"));
        assertEquals(2, passengers.get(1).getInt32("n"));

        Map<String, Object> map = Map.of("passengers", List.of(Map.of("email", "a@x.io"), Map.of("email", "b@x.io")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> maskedMaps = (List<Map<String, Object>>) ((Map<?, ?>) smt.apply(record(null, map)).value()).get("passengers");
        assertEquals(hmacHex("b@x.io"), maskedMaps.get(1).get("email"));
    }

    @Test
    void optionalNullsAndMissingPathsAreSkipped() {
        Struct value = payment().put("driver", null).put("notes", null).put("emails", null);
        SourceRecord out = value(ALL_ACTIONS).apply(record(PAYMENT, value));
        Struct v = (Struct) out.value();
        assertNull(v.get("driver"));
        assertNull(v.get("notes"));
        Map<String, Object> sparse = new HashMap<>(Map.of("payment_id", "p-2"));
        assertEquals(sparse, value(ALL_ACTIONS).apply(record(null, sparse)).value());
    }

    @Test
    void tombstonesPassThrough() {
        SourceRecord tombstone = record(null, null);
        assertSame(tombstone, value(ALL_ACTIONS).apply(tombstone));
    }

    @Test
    void outputSchemaIsBuiltOncePerInputSchema() {
        PiiMask<SourceRecord> smt = value(ALL_ACTIONS);
        Schema first = smt.apply(record(PAYMENT, payment())).valueSchema();
        Schema second = smt.apply(record(PAYMENT, payment())).valueSchema();
        assertSame(first, second);
    }

    @Test
    void withOnInvalidFieldFailAWrongTypeFailsNamingFieldAndRecordButNotTheValue() {
        Schema schema = SchemaBuilder.struct().field("flag", Schema.BOOLEAN_SCHEMA).build();
        PiiMask<SinkRecord> smt = new PiiMask.Value<>();
        smt.configure(props("geo.fields", "flag", "on.invalid.field", "fail"));
        SinkRecord sinkRecord = new SinkRecord("telemetry", 3, null, null, schema, new Struct(schema).put("flag", true), 42L);
        DataException e = assertThrows(DataException.class, () -> smt.apply(sinkRecord));
        assertTrue(e.getMessage().contains("'flag'"), e.getMessage());
        assertTrue(e.getMessage().contains("geo.fields"), e.getMessage());
        assertTrue(e.getMessage().contains("topic 'telemetry' partition 3 offset 42"), e.getMessage());

        Map<String, Object> schemaless = Map.of("card", Map.of("number", 4111111111111111L));
        PiiMask<SourceRecord> partial = value(props("field.syntax.version", "V2", "partial.fields", "card.number",
                "on.invalid.field", "fail"));
        DataException e2 = assertThrows(DataException.class, () -> partial.apply(record(null, schemaless)));
        assertTrue(e2.getMessage().contains("'card.number'"), e2.getMessage());
        assertFalse(e2.getMessage().contains("4111111111111111"), "the value never appears in the error");
    }

    @Test
    void keyVariantPseudonymizesAWholeStringKey() {
        PiiMask<SourceRecord> smt = new PiiMask.Key<>();
        smt.configure(props("hash.fields", "$", "hash.key", KEY, "hash.encoding", "base64url"));
        SourceRecord in = new SourceRecord(null, null, "t", 0, Schema.STRING_SCHEMA, "1M8GDM9AXKP042788", Schema.STRING_SCHEMA, "v");
        SourceRecord out = smt.apply(in);
        assertEquals(43, ((String) out.key()).length());
        assertFalse(((String) out.key()).contains("="));
        assertEquals("v", out.value());
    }

    @Test
    void headersNamedInHeadersFieldsAreMaskedLikeFields() {
        PiiMask<SourceRecord> smt = value(props("hash.fields", "driver_id", "hash.key", KEY, "headers.fields", "driver_id,email",
                "drop.fields", "email", "hash.key.id", "k-2026-01"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("driver_id", "D-17");
        headers.addString("email", "e@x.io");
        headers.addString("trace", "abc");
        SourceRecord in = new SourceRecord(null, null, "t", 0, null, null, null, Map.of("driver_id", "D-17"), 1L, headers);
        SourceRecord out = smt.apply(in);
        assertEquals(hmacHex("D-17"), out.headers().lastWithName("driver_id").value());
        assertNull(out.headers().lastWithName("email"));
        assertEquals("abc", out.headers().lastWithName("trace").value());
        assertEquals("k-2026-01", out.headers().lastWithName("fleetml.pii.key.id").value());
        List<String> names = new ArrayList<>();
        for (Header h : out.headers()) {
            names.add(h.key());
        }
        assertEquals(List.of("driver_id", "trace", "fleetml.pii.key.id"), names);
    }

    @Test
    void redactUsesTypeCorrectEmptiesOrTheReplacement() {
        Schema schema = SchemaBuilder.struct()
                .field("s", Schema.STRING_SCHEMA).field("i", Schema.INT32_SCHEMA).field("d", Schema.FLOAT64_SCHEMA)
                .field("b", Schema.BOOLEAN_SCHEMA).field("bytes", Schema.BYTES_SCHEMA).field("driver", DRIVER).build();
        Struct value = new Struct(schema).put("s", "secret").put("i", 7).put("d", 1.5).put("b", true).put("bytes", new byte[] {1})
                .put("driver", new Struct(DRIVER).put("name", "n").put("email", "e@x.io").put("phone", "1"));
        PiiMask<SourceRecord> smt = value(props("redact.fields", "s,i,d,b,bytes,driver", "redact.replacement", "[REDACTED]"));
        Struct out = (Struct) smt.apply(record(schema, value)).value();
        out.validate();
        assertEquals("[REDACTED]", out.getString("s"));
        assertEquals(0, out.getInt32("i"));
        assertEquals(0.0, out.getFloat64("d"));
        assertEquals(false, out.getBoolean("b"));
        assertEquals(0, out.getBytes("bytes").length);
        assertEquals("[REDACTED]", out.getStruct("driver").getString("email"));
    }

    @Test
    void geohashModeSnapsPairsToTheCellCentreAndEncodesTextPairs() {
        PiiMask<SourceRecord> smt = value(props("geo.fields", "location,pos", "geo.geohash.length", "5"));
        Map<String, Object> value = Map.of("location", Map.of("lat", 57.64911, "lon", 10.40744), "pos", "57.64911,10.40744");
        Map<?, ?> out = (Map<?, ?>) smt.apply(record(null, value)).value();
        assertEquals("u4pru", out.get("pos"));
        Map<?, ?> cell = (Map<?, ?>) out.get("location");
        assertEquals(57.63427734375, (Double) cell.get("lat"), 1e-9);
        assertEquals(10.39306640625, (Double) cell.get("lon"), 1e-9);
        SourceRecord lone = smt.apply(record(null, Map.of("location", 57.6, "id", "a")));
        assertEquals(Map.of("id", "a"), lone.value(), "a lone coordinate cannot be geohashed, so it is dropped");
    }

    @Test
    void geoGeneralizesEveryCoordinateFieldOfAnObjectNotOnlyTheFirstPair() {
        PiiMask<SourceRecord> smt = value(props("geo.fields", "pos"));
        Map<String, Object> pos = Map.of("lat", 48.137154, "lon", 11.575382, "latitude", 48.137154, "Longitude", 11.575382,
                "LNG", 11.575382f, "accuracy", 4.25);
        Map<?, ?> out = (Map<?, ?>) ((Map<?, ?>) smt.apply(record(null, Map.of("pos", pos))).value()).get("pos");
        assertEquals(Map.of("lat", 48.13, "lon", 11.57, "latitude", 48.13, "Longitude", 11.57, "LNG", 11.57f,
                "accuracy", 4.25), out);

        Schema twoPairs = SchemaBuilder.struct().field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA)
                .field("Latitude", Schema.FLOAT32_SCHEMA).field("long", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("pos", twoPairs).build();
        Struct value = new Struct(schema).put("pos", new Struct(twoPairs).put("lat", 48.137154).put("lon", 11.575382)
                .put("Latitude", 48.137154f));
        Struct masked = ((Struct) smt.apply(record(schema, value)).value()).getStruct("pos");
        assertEquals(48.13, masked.getFloat64("lat"));
        assertEquals(11.57, masked.getFloat64("lon"));
        assertEquals(48.13f, masked.getFloat32("Latitude"));
        assertNull(masked.get("long"));
    }

    @Test
    void geohashModeSnapsEveryCoordinateOfAnObjectToItsCellCentre() {
        PiiMask<SourceRecord> smt = value(props("geo.fields", "pos", "geo.geohash.length", "5"));
        Map<String, Object> pos = Map.of("lat", 57.64911, "lon", 10.40744, "latitude", 57.64911, "lng", 10.40744);
        Map<?, ?> out = (Map<?, ?>) ((Map<?, ?>) smt.apply(record(null, Map.of("pos", pos))).value()).get("pos");
        assertEquals(57.63427734375, (Double) out.get("latitude"), 1e-9);
        assertEquals(10.39306640625, (Double) out.get("lng"), 1e-9);
        assertEquals(out.get("lat"), out.get("latitude"));
    }

    @Test
    void anObjectWithACoordinateThatCannotBeGeneralizedIsDroppedWhole() {
        PiiMask<SourceRecord> smt = value(props("geo.fields", "pos"));
        Map<String, Object> pos = Map.of("lat", 48.137154, "lon", 11.575382, "latitude", "48.137154");
        SourceRecord out = smt.apply(record(null, Map.of("pos", pos, "id", "p1")));
        assertEquals(Map.of("id", "p1"), out.value());
        assertTrue(out.headers().lastWithName(PiiMask.DROPPED_HEADER).value().toString().contains("'latitude'"));

        Schema micro = SchemaBuilder.struct().field("lat", Schema.FLOAT64_SCHEMA).field("lon", Schema.FLOAT64_SCHEMA)
                .field("latitude", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("pos", micro).field("id", Schema.STRING_SCHEMA).build();
        Struct value = new Struct(schema).put("id", "p1")
                .put("pos", new Struct(micro).put("lat", 48.1).put("lon", 11.5).put("latitude", 48137154));
        SourceRecord typed = smt.apply(record(schema, value));
        assertNull(typed.valueSchema().field("pos"), "a micro-degree latitude cannot be floored, so the object goes");
    }

    @Test
    void aFieldThatCannotBeMaskedIsDroppedNeverPassedOnRawAndTheHeaderSaysWhy() {
        Map<String, Object> card = new HashMap<>(Map.of("number", 4111111111111111L, "brand", "visa"));
        PiiMask<SourceRecord> partial = value(props("field.syntax.version", "V2", "partial.fields", "card.number",
                "geo.fields", "pos,flag"));
        SourceRecord out = partial.apply(record(null, Map.of("card", card, "pos", "NaN,1", "flag", true, "id", "p1")));
        assertEquals(Map.of("card", Map.of("brand", "visa"), "id", "p1"), out.value());
        String reasons = out.headers().lastWithName(PiiMask.DROPPED_HEADER).value().toString();
        assertTrue(reasons.contains("partial.fields to field 'card.number'") && reasons.contains("geo.fields to field 'pos'")
                && reasons.contains("geo.fields to field 'flag'"), reasons);
        assertFalse(reasons.contains("4111111111111111"), "the value never appears in the reason");

        Schema schema = SchemaBuilder.struct().field("id", Schema.STRING_SCHEMA).field("flag", Schema.BOOLEAN_SCHEMA).build();
        PiiMask<SinkRecord> typed = new PiiMask.Value<>();
        typed.configure(props("geo.fields", "flag"));
        for (int i = 0; i < 2; i++) {
            SinkRecord masked = typed.apply(new SinkRecord("telemetry", 3, null, null, schema,
                    new Struct(schema).put("id", "t" + i).put("flag", true), i));
            assertEquals(List.of("id"), masked.valueSchema().fields().stream().map(f -> f.name()).toList());
            assertEquals("t" + i, ((Struct) masked.value()).getString("id"));
            assertTrue(masked.headers().lastWithName(PiiMask.DROPPED_HEADER).value().toString().contains("'flag'"),
                    "every record of the schema says why");
        }
    }

    @Test
    void aValueThatIsNotAnObjectHasNoFieldsToMaskAndPassesUnchanged() {
        PiiMask<SourceRecord> smt = value(props("hash.fields", "driver_id", "hash.key", KEY));
        for (Object notAnObject : new Object[] {42L, List.of(1L), "x"}) {
            SourceRecord out = smt.apply(record(null, notAnObject));
            assertEquals(notAnObject, out.value());
            assertNull(out.headers().lastWithName(PiiMask.DROPPED_HEADER));
        }
    }

    @Test
    void v1PathsNameTopLevelFieldsLiterally() {
        PiiMask<SourceRecord> smt = value(props("redact.fields", "driver.email"));
        Map<String, Object> value = Map.of("driver.email", "e@x.io", "driver", Map.of("email", "kept@x.io"));
        Map<?, ?> out = (Map<?, ?>) smt.apply(record(null, value)).value();
        assertEquals("", out.get("driver.email"));
        assertEquals(Map.of("email", "kept@x.io"), out.get("driver"));
    }

    @Test
    void invalidConfigsFailAtConfigureNamingTheKey() {
        assertConfigError("hash.key", props("hash.fields", "vin"));
        assertConfigError("hash.key", props("hash.fields", "vin", "hash.key", "short"));
        assertConfigError("scan.detectors", props("scan.fields", "notes", "scan.detectors", "email,ssn"));
        assertConfigError("partial.keep.last", props("partial.fields", "card", "partial.keep.last", "-1"));
        assertConfigError("redact.fields", props("field.syntax.version", "V2", "redact.fields", "`driver.name"));
        assertConfigError("drop.fields", props("drop.fields", "$"));
        assertConfigError("redact.fields", props("field.syntax.version", "V2", "hash.fields", "driver", "hash.key", KEY, "redact.fields", "driver.name"));
        assertConfigError("headers.fields", props("redact.fields", "vin", "headers.fields", "trace"));
        assertConfigError("field.syntax.version", props("redact.fields", "vin", "field.syntax.version", "V3"));
        ConfigException nothing = assertThrows(ConfigException.class, () -> value(props()));
        assertTrue(nothing.getMessage().contains("nothing to do"), nothing.getMessage());
    }

    @Test
    void hashKeyNeverAppearsInConfigErrors() {
        ConfigException e = assertThrows(ConfigException.class, () -> value(props("hash.fields", "vin", "hash.key", "tiny-secret")));
        assertFalse(e.getMessage().contains("tiny-secret"), e.getMessage());
    }

    private static void assertConfigError(String key, Map<String, String> props) {
        ConfigException e = assertThrows(ConfigException.class, () -> value(props));
        assertTrue(e.getMessage().contains(key), "expected the message to name " + key + ": " + e.getMessage());
    }
}
