package io.fleetml.connect.fraud;

import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A source can set headers of the transform's names (an MQTT user property, a Pub/Sub attribute); whatever the output
 * mode, none reaches a consumer unless the transform wrote it.
 */
class SpoofedHeadersTest {
    private static final FleetRecords RECORDS = new FleetRecords(3);
    private static final List<String> OWNED = List.of("fraud_score", "fraud_flag", "fraud_model_version",
            "fraud_score_challenger", "fraud_flag_challenger", FraudScore.SKIPPED_HEADER);

    @TempDir
    static Path models;
    private static Path champion;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();

    @BeforeAll
    static void exportModel() {
        champion = PaymentModels.exportChampion(models.resolve("champion"));
    }

    @AfterEach
    void close() {
        transform.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fields", "headers", "both"})
    void aScoredRecordKeepsNoHeaderOfTheTransformsNamesThatItDidNotWrite(String mode) {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", mode));
        SourceRecord input = spoofed(RECORDS.paymentMap(0));
        SourceRecord scored = transform.apply(input);
        Map<String, List<Object>> owned = owned(scored.headers());
        if (mode.equals("fields")) {
            assertEquals(Map.of(), owned);
        } else {
            assertEquals(List.of("fraud_score", "fraud_flag", "fraud_model_version"), List.copyOf(owned.keySet()));
            owned.values().forEach(values -> assertEquals(1, values.size(), owned.toString()));
            Map<?, ?> value = (Map<?, ?>) scored.value();
            Object flag = owned.get("fraud_flag").get(0);
            assertEquals(Boolean.class, flag.getClass());
            if (mode.equals("both")) {
                assertEquals(value.get("fraud_flag"), flag);
            }
        }
        assertEquals("t-1", scored.headers().lastWithName("trace").value(), "headers of other names stay");
        assertEquals(OWNED.size() + 1, input.headers().size(), "the input record keeps its own headers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fields", "headers", "both"})
    void aSkippedRecordCarriesOnlyTheTransformsOwnReason(String mode) {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", mode));
        Map<String, Object> value = RECORDS.paymentMap(0);
        value.remove("amount");
        SourceRecord skipped = transform.apply(spoofed(value));
        assertEquals(Map.of(FraudScore.SKIPPED_HEADER, List.of("feature 'amount': field 'amount' is missing")),
                owned(skipped.headers()));
    }

    @Test
    void aRecordThatCannotBeScoredCarriesOnlyTheTransformsOwnReason() {
        transform.configure(Map.of("model.path", champion.toString()));
        SourceRecord invalid = transform.apply(spoofed("not an object"));
        assertEquals(Map.of(FraudScore.SKIPPED_HEADER, List.of("the value is a String, not a JSON object or Struct")),
                owned(invalid.headers()));
    }

    @Test
    void aTombstoneLosesTheHeadersOfTheTransformsNamesAndKeepsTheRest() {
        transform.configure(Map.of("model.path", champion.toString()));
        SourceRecord tombstone = transform.apply(spoofed(null));
        assertNull(tombstone.value());
        assertEquals(Map.of(), owned(tombstone.headers()));
        assertEquals("t-1", tombstone.headers().lastWithName("trace").value());
    }

    @Test
    void aRecordWithoutSuchHeadersKeepsItsOwnHeadersObjectInFieldsMode() {
        transform.configure(Map.of("model.path", champion.toString()));
        SourceRecord input = new SourceRecord(null, null, "payments", 0, null, null, null, RECORDS.paymentMap(0), null,
                new ConnectHeaders().addString("trace", "t-1"));
        assertSame(input.headers(), transform.apply(input).headers());
    }

    /** A record whose source set every header name the transform writes, and one of its own. */
    private static SourceRecord spoofed(Object value) {
        Headers headers = new ConnectHeaders();
        OWNED.forEach(name -> headers.addString(name, "false"));
        headers.addString("trace", "t-1");
        return new SourceRecord(null, null, "payments", 0, null, null, null, value, null, headers);
    }

    /** The values of the headers of the transform's names, by name in the order met. */
    private static Map<String, List<Object>> owned(Headers headers) {
        Map<String, List<Object>> owned = new LinkedHashMap<>();
        for (Header header : headers) {
            if (OWNED.contains(header.key())) {
                owned.computeIfAbsent(header.key(), key -> new ArrayList<>()).add(header.value());
            }
        }
        return owned;
    }
}
