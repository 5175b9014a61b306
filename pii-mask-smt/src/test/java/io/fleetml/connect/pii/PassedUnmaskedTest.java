package io.fleetml.connect.pii;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.fleetml.connect.pii.PiiMaskTest.KEY;
import static io.fleetml.connect.pii.PiiMaskTest.hmacHex;
import static io.fleetml.connect.pii.PiiMaskTest.props;
import static io.fleetml.connect.pii.PiiMaskTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What PiiMask would pass on unmasked: configured paths a record lacks are counted, fail the record with strict=true,
 * and can match in any case; headers that headers.fields does not name are counted, or dropped.
 */
class PassedUnmaskedTest {
    private static final Map<String, String> TAGS = Map.of("connector", "telemetry", "task", "0", "transformation", "pii");
    private static final String VIN = "1M8GDM9AXKP042788";
    private static final Schema UPPER_VIN = SchemaBuilder.struct().field("VIN", Schema.STRING_SCHEMA)
            .field("speed", Schema.FLOAT64_SCHEMA).build();

    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private PiiMask<SourceRecord> monitored(Map<String, String> props) {
        PiiMask<SourceRecord> smt = PiiMaskTest.value(props);
        smt.withPluginMetrics(new PluginMetricsImpl(metrics, TAGS));
        return smt;
    }

    private double metric(String name) {
        return metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
                .map(e -> (Double) e.getValue().metricValue()).orElseThrow();
    }

    @Test
    void aPathARecordLacksIsCountedEachTimeAndTheRecordPassesAsIs() {
        PiiMask<SourceRecord> smt = monitored(props("hash.fields", "vin", "hash.key", KEY));
        SourceRecord upperCase = record(UPPER_VIN, new Struct(UPPER_VIN).put("VIN", VIN).put("speed", 88.0));
        assertSame(upperCase, smt.apply(upperCase), "nothing configured is there, so nothing changes");
        assertSame(upperCase, smt.apply(upperCase));
        smt.apply(record(null, Map.of("Vin", VIN)));
        smt.apply(record(null, "not an object"));
        assertEquals(4.0, metric("paths-missing"));
        assertEquals(0.0, metric("records-masked"), "a missing path is no change to the record");
    }

    @Test
    void missingPathsAreCountedInsideArraysMapsAndNullsAreNotMissing() {
        Schema passenger = SchemaBuilder.struct().field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct()
                .field("passengers", SchemaBuilder.array(passenger).build())
                .field("contact", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
                .build();
        PiiMask<SourceRecord> smt = monitored(props("field.syntax.version", "V2", "hash.key", KEY,
                "hash.fields", "passengers.driver_id", "redact.fields", "passengers.name,contact.email"));
        Struct value = new Struct(schema)
                .put("passengers", List.of(new Struct(passenger).put("name", "Erika"), new Struct(passenger)))
                .put("contact", Map.of("phone", "+49 171 1234567"));
        Struct out = (Struct) smt.apply(record(schema, value)).value();
        assertEquals("", out.getArray("passengers").stream().map(p -> ((Struct) p).getString("name")).findFirst().orElseThrow());
        // driver_id is absent from both passengers, email from the map; the second passenger's null name is present.
        assertEquals(3.0, metric("paths-missing"));
    }

    @Test
    void strictFailsARecordThatLacksAPathNamingThePathAndWhereTheRecordIsNeverTheValue() {
        PiiMask<SinkRecord> smt = new PiiMask.Value<>();
        smt.configure(props("hash.fields", "vin", "hash.key", KEY, "strict", "true"));
        SinkRecord sinkRecord = new SinkRecord("telemetry", 3, null, null, UPPER_VIN,
                new Struct(UPPER_VIN).put("VIN", VIN).put("speed", 88.0), 42L);
        DataException e = assertThrows(DataException.class, () -> smt.apply(sinkRecord));
        assertTrue(e.getMessage().contains("no field 'vin'") && e.getMessage().contains("vin (hash.fields)"), e.getMessage());
        assertTrue(e.getMessage().contains("topic 'telemetry' partition 3 offset 42"), e.getMessage());
        assertFalse(e.getMessage().contains(VIN), "the value never appears in the error");

        PiiMask<SourceRecord> nested = PiiMaskTest.value(props("field.syntax.version", "V2", "strict", "true",
                "drop.fields", "driver.email", "redact.fields", "driver.name"));
        DataException parent = assertThrows(DataException.class, () -> nested.apply(record(null, Map.of("id", "p1"))));
        assertTrue(parent.getMessage().contains("no field 'driver'") && parent.getMessage().contains("driver.email (drop.fields)")
                && parent.getMessage().contains("driver.name (redact.fields)"), parent.getMessage());
    }

    @Test
    void strictPassesRecordsThatHaveEveryPathEvenAsNull() {
        PiiMask<SourceRecord> smt = PiiMaskTest.value(props("field.syntax.version", "V2", "strict", "true",
                "redact.fields", "driver.name"));
        Map<String, Object> nullDriver = new LinkedHashMap<>();
        nullDriver.put("driver", null);
        assertEquals(nullDriver, smt.apply(record(null, nullDriver)).value());
        assertEquals(Map.of("driver", Map.of("name", "")), smt.apply(record(null, Map.of("driver", Map.of("name", "Erika")))).value());
        SourceRecord tombstone = record(null, null);
        assertSame(tombstone, smt.apply(tombstone));
    }

    @Test
    void caseInsensitiveMatchingMasksEverySpellingOfAFieldAndHeader() {
        PiiMask<SourceRecord> smt = monitored(props("hash.fields", "vin,driver_id", "hash.key", KEY,
                "field.names.case.insensitive", "true", "headers.fields", "driver_id"));
        Struct struct = (Struct) smt.apply(record(UPPER_VIN, new Struct(UPPER_VIN).put("VIN", VIN).put("speed", 88.0))).value();
        assertEquals(hmacHex(VIN), struct.getString("VIN"));

        Map<String, Object> twoSpellings = Map.of("Vin", VIN, "VIN", VIN, "Driver_ID", "D-17");
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("DRIVER_ID", "D-17");
        SourceRecord out = smt.apply(new SourceRecord(null, null, "t", 0, null, null, null, twoSpellings, 1L, headers));
        assertEquals(Map.of("Vin", hmacHex(VIN), "VIN", hmacHex(VIN), "Driver_ID", hmacHex("D-17")), out.value());
        assertEquals(hmacHex("D-17"), out.headers().lastWithName("DRIVER_ID").value());
        assertEquals(1.0, metric("paths-missing"), "only the Struct lacks driver_id");
    }

    @Test
    void caseInsensitivePathsThatDifferOnlyInCaseAreOneFieldAndCannotTakeTwoActions() {
        ConfigException e = assertThrows(ConfigException.class, () -> PiiMaskTest.value(props("hash.fields", "vin",
                "hash.key", KEY, "redact.fields", "VIN", "field.names.case.insensitive", "true")));
        assertTrue(e.getMessage().contains("redact.fields") && e.getMessage().contains("overlaps"), e.getMessage());
        PiiMaskTest.value(props("hash.fields", "vin", "hash.key", KEY, "redact.fields", "VIN"));
    }

    @Test
    void headersThatHeadersFieldsDoesNotNameAreCountedAsUnmasked() {
        PiiMask<SourceRecord> smt = monitored(props("hash.fields", "driver_id", "hash.key", KEY, "hash.key.id", "k-1",
                "headers.fields", "driver_id"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("driver_id", "D-17");
        headers.addString("mqtt.response.topic", "fleet/WVW123/reply");
        headers.addString("pubsub.ordering.key", "driver-17");
        headers.addString("user.email", "e@x.io");
        headers.addString("fleetml.pii.key.id", "k-0");
        headers.addString("empty", null);
        smt.apply(new SourceRecord(null, null, "t", 0, null, null, null, Map.of("driver_id", "D-17"), 1L, headers));
        assertEquals(3.0, metric("headers-unmasked"), "PiiMask's own key id header and a null header carry nothing");

        ConnectHeaders attributes = new ConnectHeaders();
        attributes.addString("driver", "Erika");
        smt.apply(new SourceRecord(null, null, "t", 0, null, null, null, Map.of("driver_id", "D-17"), 1L, attributes));
        assertEquals(4.0, metric("headers-unmasked"));
    }

    @Test
    void headersUnlistedDropRemovesEveryHeaderNotNamedButPiiMasksOwn() {
        PiiMask<SourceRecord> smt = monitored(props("hash.fields", "driver_id", "hash.key", KEY, "hash.key.id", "k-1",
                "headers.fields", "driver_id", "headers.unlisted", "drop"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("driver_id", "D-17");
        headers.addString("mqtt.response.topic", "fleet/WVW123/reply");
        headers.addString("pubsub.ordering.key", "driver-17");
        headers.addString(PiiMask.DROPPED_HEADER, "from an earlier PiiMask");
        SourceRecord out = smt.apply(new SourceRecord(null, null, "t", 0, null, null, null, Map.of("driver_id", "D-17"), 1L, headers));
        List<String> names = new ArrayList<>();
        out.headers().forEach(header -> names.add(header.key()));
        assertEquals(List.of("driver_id", PiiMask.DROPPED_HEADER, "fleetml.pii.key.id"), names);
        assertEquals(hmacHex("D-17"), out.headers().lastWithName("driver_id").value());
        assertEquals(2.0, metric("headers-dropped"));
        assertEquals(0.0, metric("headers-unmasked"));

        ConnectHeaders only = new ConnectHeaders();
        only.addString("user.email", "e@x.io");
        SourceRecord tombstone = new SourceRecord(null, null, "t", 0, null, null, null, null, 2L, only);
        List<String> tombstoneNames = new ArrayList<>();
        smt.apply(tombstone).headers().forEach(header -> tombstoneNames.add(header.key()));
        assertEquals(List.of("fleetml.pii.key.id"), tombstoneNames, "a tombstone's headers are dropped too");
        assertEquals(3.0, metric("headers-dropped"));
    }
}
