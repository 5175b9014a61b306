package io.fleetml.connect.pii;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.fleetml.connect.pii.PiiMaskTest.KEY;
import static io.fleetml.connect.pii.PiiMaskTest.PAYMENT;
import static io.fleetml.connect.pii.PiiMaskTest.payment;
import static io.fleetml.connect.pii.PiiMaskTest.props;
import static io.fleetml.connect.pii.PiiMaskTest.record;
import static io.fleetml.connect.pii.PiiMaskTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** PiiMask's plugin metrics, read from a real Kafka metrics registry under the tags Connect gives a transformation. */
class PiiMaskMetricsTest {
    private static final Map<String, String> TAGS = Map.of("connector", "payments", "task", "0", "transformation", "pii");
    private static final Map<String, String> EVERY_ACTION = props(
            "field.syntax.version", "V2",
            "hash.fields", "vin,driver_id,emails",
            "hash.key", KEY,
            "partial.fields", "card.number",
            "redact.fields", "driver.name",
            "drop.fields", "driver.phone",
            "geo.fields", "location",
            "scan.fields", "notes");

    private final Metrics metrics = new Metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private PiiMask<SourceRecord> monitored(Map<String, String> props) {
        PiiMask<SourceRecord> smt = value(props);
        smt.withPluginMetrics(new PluginMetricsImpl(metrics, TAGS));
        return smt;
    }

    /** Every metric of the transform by name, as a reporter sees them. */
    private Map<String, Object> reported() {
        Map<String, Object> values = new TreeMap<>();
        metrics.metrics().forEach((name, metric) -> {
            if (name.group().equals("plugins") && name.tags().equals(TAGS)) {
                values.put(name.name(), metric.metricValue());
            }
        });
        return values;
    }

    private static Map<String, Object> counts(double records, double pseudonymized, double redacted, double dropped,
                                              double partial, double generalized, double matches) {
        Map<String, Object> counts = new TreeMap<>(Map.of("records-masked", records, "fields-pseudonymized", pseudonymized,
                "fields-redacted", redacted, "fields-dropped", dropped, "fields-dropped-invalid", 0.0,
                "fields-partially-masked", partial, "fields-generalized", generalized, "free-text-matches", matches));
        counts.put("paths-missing", 0.0);
        counts.put("headers-unmasked", 0.0);
        counts.put("headers-dropped", 0.0);
        return counts;
    }

    private static Map<String, Object> with(Map<String, Object> counts, String metric, double value) {
        counts.put(metric, value);
        return counts;
    }

    @Test
    void structRecordsCountEachRewrittenValueOnceAndEachArrayElement() {
        PiiMask<SourceRecord> smt = monitored(EVERY_ACTION);
        for (int i = 0; i < 5; i++) {
            smt.apply(record(PAYMENT, payment()));
        }
        // Per record: vin, driver_id and two e-mails hashed; a phone and an e-mail found in the notes.
        assertEquals(counts(5, 20, 5, 5, 5, 5, 10), reported());
    }

    @Test
    void mapRecordsAreCountedAlike() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("vin", "1M8GDM9AXKP042788");
        value.put("driver_id", 4711);
        value.put("driver", Map.of("name", "Erika Mustermann", "phone", "+49 171 1234567"));
        value.put("card", Map.of("number", "4111111111111111"));
        value.put("location", Map.of("lat", 48.137154, "lon", 11.575382));
        value.put("emails", List.of("a@example.com"));
        value.put("notes", "reach me at erika@example.com");
        PiiMask<SourceRecord> smt = monitored(EVERY_ACTION);
        smt.apply(record(null, value));
        smt.apply(record(null, value));
        assertEquals(counts(2, 6, 2, 2, 2, 2, 2), reported());
    }

    @Test
    void recordsWithNothingToChangeAreNotCountedAsMasked() {
        Schema notesOnly = SchemaBuilder.struct().field("notes", Schema.OPTIONAL_STRING_SCHEMA).build();
        PiiMask<SourceRecord> smt = monitored(EVERY_ACTION);
        smt.apply(record(notesOnly, new Struct(notesOnly).put("notes", "tyre pressure low, no personal data")));
        smt.apply(record(notesOnly, new Struct(notesOnly)));
        smt.apply(record(null, Map.of("amount", 12.5)));
        smt.apply(record(PAYMENT, null));
        smt.apply(record(notesOnly, new Struct(notesOnly).put("notes", "driver wrote from erika@example.com")));
        // Each notes-only record lacks 7 of the 8 configured paths, the map record all 8; a tombstone has no paths.
        assertEquals(with(counts(1, 0, 0, 0, 0, 0, 1), "paths-missing", 3 * 7 + 8), reported());
    }

    @Test
    void headersAreCountedLikeFields() {
        PiiMask<SourceRecord> smt = monitored(props("hash.fields", "driver_id", "hash.key", KEY, "drop.fields", "phone",
                "headers.fields", "driver_id,phone"));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("driver_id", "4711").addString("phone", "+49 171 1234567").addString("trace", "t-1");
        smt.apply(new SourceRecord(null, null, "payments", 0, null, null, null, Map.of("amount", 12.5), null, headers));
        Map<String, Object> expected = with(counts(1, 1, 0, 1, 0, 0, 0), "headers-unmasked", 1);
        assertEquals(with(expected, "paths-missing", 2), reported(), "trace passed unmasked; the value lacks both paths");
    }

    @Test
    void countsFromBeforeConnectHandsOverThePluginMetricsAreKept() {
        PiiMask<SourceRecord> smt = value(EVERY_ACTION);
        smt.apply(record(PAYMENT, payment()));
        smt.withPluginMetrics(new PluginMetricsImpl(metrics, TAGS));
        smt.apply(record(PAYMENT, payment()));
        assertEquals(2.0, reported().get("records-masked"));
        MetricName name = metrics.metrics().keySet().stream().filter(n -> n.name().equals("fields-dropped")).findFirst().orElseThrow();
        assertEquals("Fields removed (drop.fields).", name.description());
    }
}
