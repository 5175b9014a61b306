package io.fleetml.model.features;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSpecTest {
    private static final String KEY = "features";
    /** 2025-11-24T00:00:00Z. */
    private static final long MIDNIGHT = 1_763_942_400_000L;
    private static final long HOUR = 3_600_000L;

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static double one(String expression, Object record) throws MissingFeature {
        Feature feature = FeatureSpec.parse(expression, KEY);
        double[] out = new double[feature.width()];
        feature.extract(record, out, 0);
        return out[0];
    }

    private static String configError(String expression) {
        ConfigException e = assertThrows(ConfigException.class, () -> FeatureSpec.parse(expression, KEY));
        assertTrue(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains(expression.trim()), e.getMessage());
        return e.getMessage();
    }

    private static MissingFeature missing(String expression, Object record) {
        return assertThrows(MissingFeature.class, () -> one(expression, record));
    }

    @Test
    void plainPathReadsNestedMapAndStructFields() throws MissingFeature {
        assertEquals(12.5, one("vehicle.speed", map("vehicle", map("speed", 12.5))));
        Schema vehicle = SchemaBuilder.struct().field("speed", Schema.FLOAT32_SCHEMA).build();
        Schema root = SchemaBuilder.struct().field("vehicle", vehicle).build();
        assertEquals(7.0, one("vehicle.speed", new Struct(root).put("vehicle", new Struct(vehicle).put("speed", 7f))));
        assertEquals("vehicle.speed", FeatureSpec.parse(" vehicle.speed ", KEY).name());
    }

    @Test
    void anyJavaNumberIsANumber() throws MissingFeature {
        assertEquals(3.0, one("x", map("x", (byte) 3)));
        assertEquals(3.0, one("x", map("x", 3)));
        assertEquals(3.0, one("x", map("x", 3L)));
        assertEquals(2.5, one("x", map("x", new BigDecimal("2.5"))));
    }

    @Test
    void backticksQuoteNamesWithDotsCommasAndParentheses() throws MissingFeature {
        Map<String, Object> record = map("geo.pos", map("lat,deg", 48.0, "lon(deg)", 11.0), "a:b", "fuel");
        Feature distance = FeatureSpec.parse("distance_km(`geo.pos`.`lat,deg`, `geo.pos`.`lon(deg)`, `geo.pos`.`lat,deg`, "
                + "`geo.pos`.`lon(deg)`)", KEY);
        double[] out = new double[1];
        distance.extract(record, out, 0);
        assertEquals(0.0, out[0]);
        assertEquals(1.0, one("onehot(`a:b`:fuel|food)", record));
        List<String> split = FeatureSpec.split("`a,b`, log1p(`c,d`)", KEY);
        assertEquals(List.of("`a,b`", "log1p(`c,d`)"), split);
    }

    @Test
    void canonicalNamesDropTheSpacesAroundArguments() {
        assertEquals("distance_km(a.lat,a.lon,b.lat,b.lon)",
                FeatureSpec.parse("distance_km( a.lat , a.lon,b.lat ,  b.lon )", KEY).name());
        assertEquals("onehot(merchant.category:fuel|food)",
                FeatureSpec.parse("onehot( merchant.category : fuel | food )", KEY).name());
        assertEquals("log1p(amount)", FeatureSpec.parse("log1p( amount )", KEY).name());
    }

    @Test
    void log1pOfAmount() throws MissingFeature {
        assertEquals(Math.log1p(99.5), one("log1p(amount)", map("amount", 99.5)));
        assertEquals(0.0, one("log1p(amount)", map("amount", 0)));
        MissingFeature e = missing("log1p(amount)", map("amount", -1.0));
        assertEquals(MissingFeature.Reason.OUT_OF_RANGE, e.reason());
    }

    @Test
    void hourOfDayIsUtcWithTheFractionOfTheHour() throws MissingFeature {
        assertEquals(0.0, one("hour_sin(ts)", map("ts", MIDNIGHT)), 1e-15);
        assertEquals(1.0, one("hour_cos(ts)", map("ts", MIDNIGHT)), 1e-15);
        assertEquals(1.0, one("hour_sin(ts)", map("ts", MIDNIGHT + 6 * HOUR)), 1e-15);
        assertEquals(-1.0, one("hour_cos(ts)", map("ts", MIDNIGHT + 12 * HOUR)), 1e-15);
        assertEquals(Math.sin(2 * Math.PI * 6.5 / 24), one("hour_sin(ts)", map("ts", MIDNIGHT + 6 * HOUR + HOUR / 2)), 1e-15);
        assertEquals(-1.0, one("hour_sin(ts)", map("ts", -6 * HOUR)), 1e-15, "18:00 on 1969-12-31");
    }

    @Test
    void hourOfDayAcceptsAConnectTimestamp() throws MissingFeature {
        Schema schema = SchemaBuilder.struct().field("ts", Timestamp.SCHEMA).build();
        Struct record = new Struct(schema).put("ts", new Date(MIDNIGHT + 6 * HOUR));
        assertEquals(1.0, one("hour_sin(ts)", record), 1e-15);
    }

    @Test
    void distanceFromParisToBerlin() throws MissingFeature {
        Map<String, Object> record = map("a", map("lat", 48.8566, "lon", 2.3522), "b", map("lat", 52.5200, "lon", 13.4050));
        assertEquals(877.5, one("distance_km(a.lat,a.lon,b.lat,b.lon)", record), 1.0);
        MissingFeature e = missing("distance_km(a.lat,a.lon,b.lat,b.lon)",
                map("a", map("lat", 48.8566, "lon", 2.3522), "b", map("lat", 95.0, "lon", 13.4050)));
        assertEquals(MissingFeature.Reason.OUT_OF_RANGE, e.reason());
        assertEquals("b.lat", e.path());
        MissingFeature lon = missing("distance_km(a.lat,a.lon,b.lat,b.lon)",
                map("a", map("lat", 48.8566, "lon", 181.0), "b", map("lat", 52.52, "lon", 13.4050)));
        assertEquals("a.lon", lon.path());
    }

    @Test
    void onehotMarksTheListedCategoryAndNothingForOthers() throws MissingFeature {
        Feature feature = FeatureSpec.parse("onehot(merchant.category:fuel|parking|food)", KEY);
        assertEquals(3, feature.width());
        double[] out = {9, 9, 9, 9, 9};
        feature.extract(map("merchant", map("category", "parking")), out, 1);
        assertArrayEquals(new double[] {9, 0, 1, 0, 9}, out);
        feature.extract(map("merchant", map("category", "car_wash")), out, 1);
        assertArrayEquals(new double[] {9, 0, 0, 0, 9}, out);
        feature.extract(map("merchant", map("category", "Fuel")), out, 1);
        assertArrayEquals(new double[] {9, 0, 0, 0, 9}, out, "categories are case-sensitive");
        MissingFeature e = assertThrows(MissingFeature.class, () -> feature.extract(map("merchant", map("category", 3)), out, 1));
        assertEquals(MissingFeature.Reason.NON_TEXT, e.reason());
    }

    @Test
    void missingAndNullFieldsAreMissing() {
        MissingFeature absent = missing("vehicle.speed", map("vehicle", map()));
        assertEquals(MissingFeature.Reason.MISSING, absent.reason());
        assertEquals("vehicle.speed", absent.path());
        assertEquals("vehicle.speed", absent.feature());
        assertTrue(absent.getMessage().contains("'vehicle.speed'") && absent.getMessage().contains("missing"),
                absent.getMessage());
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("amount", null);
        MissingFeature nullValue = missing("log1p(amount)", withNull);
        assertEquals(MissingFeature.Reason.MISSING, nullValue.reason());
        assertEquals("log1p(amount)", nullValue.feature());
        assertEquals(MissingFeature.Reason.MISSING, missing("vehicle.speed", map("vehicle", "not an object")).reason());
        assertEquals(0, absent.getStackTrace().length, "no stack trace: skipping bad records must stay cheap");
    }

    @Test
    void numericStringsAndBooleansAreNonNumericAndNeverQuoted() {
        MissingFeature text = missing("amount", map("amount", "4111111111111111"));
        assertEquals(MissingFeature.Reason.NON_NUMERIC, text.reason());
        assertFalse(text.getMessage().contains("4111111111111111"), text.getMessage());
        assertTrue(text.getMessage().contains("String"), text.getMessage());
        assertEquals(MissingFeature.Reason.NON_NUMERIC, missing("amount", map("amount", true)).reason());
        assertEquals(MissingFeature.Reason.NON_NUMERIC, missing("hour_cos(ts)", map("ts", "2025-11-24T00:00:00Z")).reason());
    }

    @Test
    void nanAndInfinityAreReportedAsSuch() {
        assertEquals(MissingFeature.Reason.NAN, missing("x", map("x", Double.NaN)).reason());
        assertEquals(MissingFeature.Reason.NAN, missing("hour_sin(x)", map("x", Float.NaN)).reason());
        assertEquals(MissingFeature.Reason.INFINITE, missing("x", map("x", Double.NEGATIVE_INFINITY)).reason());
        assertEquals(MissingFeature.Reason.INFINITE, missing("log1p(x)", map("x", new BigDecimal("1e400"))).reason());
    }

    @Test
    void unknownFunctionsAreNamedWithTheKnownOnes() {
        String message = configError("log2(amount)");
        assertTrue(message.contains("unknown function 'log2'") && message.contains("distance_km"), message);
        assertTrue(configError("LOG1P(amount)").contains("unknown function 'LOG1P'"));
    }

    @Test
    void wrongArityIsReportedWithTheSignature() {
        assertTrue(configError("distance_km(a.lat,a.lon,b.lat)").contains("distance_km takes 4 arguments"));
        assertTrue(configError("log1p()").contains("found 0"));
        assertTrue(configError("hour_sin(ts, ts)").contains("hour_sin takes 1 argument"));
        assertTrue(configError("onehot(a:x, b:y)").contains("onehot takes 1 argument"));
    }

    @Test
    void badPathsAreReportedWithTheReason() {
        String message = configError("log1p(a..b)");
        assertTrue(message.contains("'a..b' is not a valid field path") && message.contains("empty step"), message);
        assertTrue(configError("vehicle.").contains("empty step"));
        assertTrue(configError("distance_km(a,b,,d)").contains("argument 3 is empty"));
        assertTrue(configError("log1p(`amount)").contains("backtick is never closed"));
        assertTrue(configError("log1p(a:b)").contains("contains ':' outside backticks"));
        assertTrue(configError("amount, ts").contains("contains ',' outside backticks"));
    }

    @Test
    void onehotListsMustBeNonEmptyAndDistinct() {
        assertTrue(configError("onehot(merchant.category:)").contains("category list is empty"));
        assertTrue(configError("onehot(merchant.category)").contains("categories after a colon"));
        assertTrue(configError("onehot(merchant.category:fuel||food)").contains("category 2 is empty"));
        assertTrue(configError("onehot(merchant.category:fuel|food|fuel)").contains("'fuel' is listed twice"));
        assertTrue(configError("onehot(:fuel)").contains("the field path is empty"));
    }

    @Test
    void malformedCallsAreRejected() {
        assertTrue(configError("log1p(amount").contains("')' is missing"));
        assertTrue(configError("log1p(amount)x").contains("unexpected text after ')'"));
        assertTrue(configError("log1p(hour_sin(ts))").contains("functions do not nest"));
        assertTrue(configError("amount)").contains("contains ')' outside backticks"));
        assertTrue(configError("(amount)").contains("function name is missing"));
        assertTrue(configError("a.b(c)").contains("'a.b' is not a function name"));
        ConfigException blank = assertThrows(ConfigException.class, () -> FeatureSpec.parse("  ", KEY));
        assertTrue(blank.getMessage().contains("must not be empty"));
    }

    @Test
    void splitKeepsFunctionArgumentsTogether() {
        assertEquals(List.of("amount", "distance_km(a,b,c,d)", "onehot(x:p|q)"),
                FeatureSpec.split(" amount ,distance_km(a,b,c,d),\n onehot(x:p|q) ", KEY));
        assertEquals(List.of(), FeatureSpec.split(" ", KEY));
        ConfigException trailing = assertThrows(ConfigException.class, () -> FeatureSpec.split("amount,", KEY));
        assertTrue(trailing.getMessage().contains("empty feature expression"), trailing.getMessage());
    }
}
