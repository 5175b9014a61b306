package io.fleetml.connect.fraud;

import io.fleetml.simulator.FleetRecords;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputModeTest {
    private static final FleetRecords RECORDS = new FleetRecords(3);
    private static final List<String> CHAMPION_HEADERS = List.of("fraud_score", "fraud_flag", "fraud_model_version");

    @TempDir
    static Path models;
    private static Path champion;
    private static Path challenger;

    private final FraudScore.Value<SourceRecord> transform = new FraudScore.Value<>();
    private final FraudScore.Value<SourceRecord> fields = new FraudScore.Value<>();

    @BeforeAll
    static void exportModels() {
        champion = PaymentModels.exportChampion(models.resolve("champion"));
        challenger = PaymentModels.exportChallenger(models.resolve("challenger"));
    }

    @AfterEach
    void close() {
        transform.close();
        fields.close();
    }

    @Test
    void headersCarryTheScoresOfMapValuesAndLeaveTheValueAsItIs() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers"));
        fields.configure(Map.of("model.path", champion.toString()));
        for (int i = 0; i < 50; i++) {
            Map<String, Object> value = RECORDS.paymentMap(i);
            SourceRecord scored = transform.apply(record(null, value));
            assertSame(value, scored.value());
            assertNull(scored.valueSchema());
            Map<?, ?> expected = (Map<?, ?>) fields.apply(record(null, RECORDS.paymentMap(i))).value();
            assertEquals(headerValues(expected, CHAMPION_HEADERS), headers(scored.headers(), CHAMPION_HEADERS));
        }
    }

    @Test
    void headersOnStructValuesKeepTheValueAndItsSchema() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers"));
        fields.configure(Map.of("model.path", champion.toString()));
        for (int i = 0; i < 50; i++) {
            Struct value = RECORDS.paymentStruct(i);
            SourceRecord scored = transform.apply(record(FleetRecords.PAYMENT_SCHEMA, value));
            assertSame(value, scored.value());
            assertSame(FleetRecords.PAYMENT_SCHEMA, scored.valueSchema());
            Struct expected = (Struct) fields.apply(record(FleetRecords.PAYMENT_SCHEMA, RECORDS.paymentStruct(i))).value();
            assertEquals(List.of(expected.get("fraud_score"), expected.get("fraud_flag"), expected.get("fraud_model_version")),
                    headers(scored.headers(), CHAMPION_HEADERS));
            Header score = scored.headers().lastWithName("fraud_score");
            assertEquals(Schema.OPTIONAL_FLOAT64_SCHEMA, score.schema());
            assertEquals(Schema.OPTIONAL_BOOLEAN_SCHEMA, scored.headers().lastWithName("fraud_flag").schema());
            assertEquals(Schema.OPTIONAL_STRING_SCHEMA, scored.headers().lastWithName("fraud_model_version").schema());
        }
    }

    @Test
    void bothWritesTheSameScoresToFieldsAndHeadersForStructAndMapValues() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "both",
                "score.header", "x-score", "flag.header", "x-flag", "model.version.header", "x-model"));
        List<String> names = List.of("x-score", "x-flag", "x-model");
        for (int i = 0; i < 20; i++) {
            SourceRecord fromMap = transform.apply(record(null, RECORDS.paymentMap(i)));
            Map<?, ?> map = (Map<?, ?>) fromMap.value();
            assertEquals(headerValues(map, CHAMPION_HEADERS), headers(fromMap.headers(), names));

            SourceRecord fromStruct = transform.apply(record(FleetRecords.PAYMENT_SCHEMA, RECORDS.paymentStruct(i)));
            Struct struct = (Struct) fromStruct.value();
            assertEquals(FleetRecords.PAYMENT_SCHEMA.fields().size() + 3, fromStruct.valueSchema().fields().size());
            assertEquals(List.of(struct.get("fraud_score"), struct.get("fraud_flag"), struct.get("fraud_model_version")),
                    headers(fromStruct.headers(), names));
            assertEquals(map.get("fraud_score"), struct.get("fraud_score"));
        }
    }

    @Test
    void theChallengersScoreAndFlagGetHeadersTooNullWhenItCannotScore() {
        transform.configure(Map.of("model.path", champion.toString(), "challenger.model.path", challenger.toString(),
                "output.mode", "headers"));
        fields.configure(Map.of("model.path", champion.toString(), "challenger.model.path", challenger.toString()));
        List<String> names = List.of("fraud_score", "fraud_flag", "fraud_model_version", "fraud_score_challenger",
                "fraud_flag_challenger");
        Map<?, ?> expected = (Map<?, ?>) fields.apply(record(null, RECORDS.paymentMap(0))).value();
        assertEquals(headerValues(expected, names), headers(transform.apply(record(null, RECORDS.paymentMap(0))).headers(), names));

        transform.configure(Map.of("model.path", champion.toString(), "challenger.model.path", challenger.toString(),
                "output.mode", "headers",
                "features", "amount, log1p(amount), onehot(merchant.category:a|b|c|d|e|f|g|h|i|j|k|l)"));
        Headers headers = transform.apply(record(null, Map.of("amount", 12.5, "merchant", Map.of("category", "a"))))
                .headers();
        assertEquals(Double.class, headers.lastWithName("fraud_score").value().getClass());
        assertNull(headers.lastWithName("fraud_score_challenger").value());
        assertNull(headers.lastWithName("fraud_flag_challenger").value());
    }

    @Test
    void aScoreHeaderTheRecordAlreadyHasIsReplacedAndTheInputsHeadersAreNotChanged() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers"));
        Headers forged = new ConnectHeaders().addString("fraud_flag", "false").addString("trace", "t-1");
        SourceRecord input = new SourceRecord(null, null, "payments", 0, null, null, null, RECORDS.paymentMap(0), null,
                forged);
        SourceRecord scored = transform.apply(input);
        List<Header> flags = new ArrayList<>();
        scored.headers().allWithName("fraud_flag").forEachRemaining(flags::add);
        assertEquals(1, flags.size());
        assertEquals(Boolean.class, flags.get(0).value().getClass());
        assertEquals("t-1", scored.headers().lastWithName("trace").value());
        assertEquals(2, input.headers().size(), "the input record keeps its own headers");
    }

    @Test
    void headersOnlyNeitherChecksNorTouchesTheValuesFields() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers"));
        Map<String, Object> value = new LinkedHashMap<>(RECORDS.paymentMap(0));
        value.put("fraud_score", "the source's own field");
        SourceRecord scored = transform.apply(record(null, value));
        assertEquals("the source's own field", ((Map<?, ?>) scored.value()).get("fraud_score"));
        assertEquals(Double.class, scored.headers().lastWithName("fraud_score").value().getClass());
    }

    @Test
    void aSkippedRecordInHeadersModeCarriesOnlyWhyItWasSkipped() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers",
                "on.missing.feature", "skip"));
        Map<String, Object> value = RECORDS.paymentMap(0);
        value.remove("amount");
        SourceRecord skipped = transform.apply(record(null, value));
        assertSame(value, skipped.value());
        assertEquals(1, skipped.headers().size());
        assertEquals("feature 'amount': field 'amount' is missing",
                skipped.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
    }

    @Test
    void aSkippedRecordLosesTheScoreHeadersOfAnEarlierPass() {
        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers",
                "on.missing.feature", "skip"));
        Map<String, Object> value = RECORDS.paymentMap(0);
        value.remove("amount");
        SourceRecord earlier = record(null, value);
        earlier.headers().addDouble("fraud_score", 9.0).addBoolean("fraud_flag", true).addString("fraud_model_version", "0");
        SourceRecord skipped = transform.apply(earlier);
        assertEquals(1, skipped.headers().size(), "only why it was skipped: " + skipped.headers());
        assertEquals("feature 'amount': field 'amount' is missing",
                skipped.headers().lastWithName(FraudScore.SKIPPED_HEADER).value());
    }

    @Test
    void headerNamesAreCheckedOnlyWhenHeadersAreWritten() {
        assertEquals("Invalid value fraud_score for configuration flag.header: another output header already has this "
                + "name", configureFails(Map.of("output.mode", "headers", "flag.header", "fraud_score")));
        assertEquals("Invalid value fraud_score_skipped for configuration score.header: the transform uses this header "
                + "to say why a record was skipped", configureFails(Map.of("output.mode", "both",
                "score.header", "fraud_score_skipped")));
        assertEquals("Invalid value fraud_score for configuration challenger.score.header: another output header "
                + "already has this name", configureFails(Map.of("output.mode", "headers",
                "challenger.model.path", challenger.toString(), "challenger.score.header", "fraud_score")));
        assertEquals("Invalid value bytes for configuration output.mode: must be one of fields, headers, both",
                configureFails(Map.of("output.mode", "bytes")));

        transform.configure(Map.of("model.path", champion.toString(), "output.mode", "headers", "flag.field", "fraud_score"));
        transform.configure(Map.of("model.path", champion.toString(), "flag.header", "fraud_score"));
    }

    private String configureFails(Map<String, String> settings) {
        Map<String, String> props = new HashMap<>(settings);
        props.put("model.path", champion.toString());
        return assertThrows(ConfigException.class, () -> transform.configure(props)).getMessage();
    }

    private static List<Object> headerValues(Map<?, ?> value, List<String> names) {
        List<Object> values = new ArrayList<>();
        names.forEach(name -> values.add(value.get(name)));
        return values;
    }

    private static List<Object> headers(Headers headers, List<String> names) {
        List<Object> values = new ArrayList<>();
        names.forEach(name -> values.add(headers.lastWithName(name).value()));
        return values;
    }

    private static SourceRecord record(Schema schema, Object value) {
        return new SourceRecord(null, null, "payments", 0, schema, value);
    }
}
