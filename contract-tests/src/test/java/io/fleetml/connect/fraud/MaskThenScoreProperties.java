package io.fleetml.connect.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetml.connect.pii.PiiMask;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The sources' transform chain, PiiMask then FraudScore with their default error settings, fed arbitrary JSON values
 * (any type, nesting and size within limits) with personal data planted at the masked paths: no exception escapes,
 * and no planted value survives in the value or the headers.
 */
class MaskThenScoreProperties {
    private static final String CARD = "4111111111111111";
    private static final String EMAIL = "jane.doe@example.com";
    private static final String VIN = "1M8GDM9AXKP042788";
    private static final String PHONE = "+49 170 1234567";
    private static final double LAT = 57.649113;
    private static final List<String> PLANTED = List.of(CARD, EMAIL, VIN, "170 1234567", "57.649113");
    private static final List<String> NAMES = List.of("vin", "driver", "email", "card", "number", "location", "lat", "lon",
            "note", "amount", "vehicle", "speed", "fuel_level", "merchant", "category", "ts", "fraud_score", "x");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path modelDir;
    private static PiiMask<SourceRecord> mask;
    private static FraudScore<SourceRecord> score;

    @BeforeContainer
    static void configure() throws IOException {
        modelDir = Files.createTempDirectory("mask-then-score");
        Path model = PaymentModels.exportChampion(modelDir.resolve("model"));
        mask = new PiiMask.Value<>();
        mask.configure(Map.of("field.syntax.version", "V2", "hash.fields", "vin", "hash.key", "0123456789abcdef0123",
                "redact.fields", "driver.email", "partial.fields", "card.number", "geo.fields", "location",
                "scan.fields", "note"));
        score = new FraudScore.Value<>();
        score.configure(Map.of("model.path", model.toString(), "model.refresh.interval.ms", "0"));
    }

    @AfterContainer
    static void close() throws IOException {
        score.close();
        mask.close();
        try (var files = Files.walk(modelDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void noExceptionEscapesAndNoPlantedPersonalDataSurvives(@ForAll("payloads") Object payload) throws IOException {
        SourceRecord out = score.apply(mask.apply(new SourceRecord(null, null, "payments", 0, null, payload)));
        String value = JSON.writeValueAsString(out.value());
        StringBuilder headers = new StringBuilder();
        for (Header header : out.headers()) {
            headers.append(header.key()).append('=').append(header.value()).append('\n');
        }
        for (String planted : PLANTED) {
            assertFalse(value.contains(planted), planted + " survived in " + value);
            assertFalse(headers.toString().contains(planted), planted + " survived in the headers " + headers);
        }
    }

    @Provide
    Arbitrary<Object> payloads() {
        Arbitrary<Object> any = json(3);
        return Arbitraries.oneOf(any, any.map(MaskThenScoreProperties::planted));
    }

    /** Arbitrary JSON as Jackson reads it into Connect's schemaless values: maps, lists, strings, numbers, booleans. */
    private static Arbitrary<Object> json(int depth) {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).asGeneric(),
                Arbitraries.longs().asGeneric(),
                Arbitraries.doubles().asGeneric(),
                Arbitraries.of(1e300, -1e300, Double.MAX_VALUE, 0.0).asGeneric(),
                Arbitraries.of(true, false).asGeneric());
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Object> child = json(depth - 1);
        Arbitrary<Object> list = child.list().ofMaxSize(3).asGeneric();
        Arbitrary<Object> map = Arbitraries.maps(Arbitraries.of(NAMES), child).ofMaxSize(5).asGeneric();
        return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(1, list), Tuple.of(3, map));
    }

    /** The payload with personal data put at every masked path, in whatever containers the payload already has there. */
    @SuppressWarnings("unchecked")
    private static Object planted(Object payload) {
        if (!(payload instanceof Map<?, ?> map)) {
            return payload;
        }
        Map<String, Object> value = new LinkedHashMap<>((Map<String, Object>) map);
        value.put("vin", VIN);
        value.put("driver", value.get("driver") instanceof Map<?, ?> driver ? with((Map<String, Object>) driver, "email", EMAIL)
                : Map.of("email", EMAIL));
        value.put("card", value.get("card") instanceof List<?> cards ? plantedCards(cards)
                : Map.of("number", value.get("card") instanceof Map<?, ?> ? Long.parseLong(CARD) : CARD));
        value.put("location", Map.of("lat", LAT, "lon", 10.407440));
        value.put("note", "call " + PHONE + " or mail " + EMAIL + ", card " + CARD);
        return value;
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object v) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, v);
        return copy;
    }

    private static List<Object> plantedCards(List<?> cards) {
        List<Object> out = new ArrayList<>();
        for (Object card : cards) {
            out.add(card instanceof Map<?, ?> ? Map.of("number", CARD) : card);
        }
        out.add(Map.of("number", CARD));
        return out;
    }
}
