package io.fleetml.model.features;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturesTest {
    private static final String KEY = "features";

    @Test
    void featuresFollowEachOtherInTheVector() throws MissingFeature {
        Features features = Features.parse("amount, onehot(category:a|b|c), log1p(amount)", KEY);
        assertEquals(5, features.width());
        assertEquals(0, features.offset(0));
        assertEquals(1, features.offset(1));
        assertEquals(4, features.offset(2));
        assertEquals(List.of("amount", "onehot(category:a|b|c)", "log1p(amount)"), features.names());
        assertArrayEquals(new double[] {3, 0, 1, 0, Math.log1p(3)}, features.extract(Map.of("amount", 3, "category", "b")));
    }

    @Test
    void aReusedVectorIsFullyOverwritten() throws MissingFeature {
        Features features = Features.parse("onehot(category:a|b), amount", KEY);
        double[] out = new double[features.width()];
        features.extract(Map.of("amount", 1, "category", "a"), out);
        features.extract(Map.of("amount", 2, "category", "b"), out);
        assertArrayEquals(new double[] {0, 1, 2}, out);
        assertThrows(IllegalArgumentException.class, () -> features.extract(Map.of(), new double[2]));
    }

    @Test
    void theFirstUnusableFieldIsReported() {
        Features features = Features.parse("amount, vehicle.speed", KEY);
        MissingFeature e = assertThrows(MissingFeature.class, () -> features.extract(Map.of("amount", 1)));
        assertEquals("vehicle.speed", e.path());
    }

    @Test
    void expressionsFromAListAreParsedOneEach() {
        Features features = Features.of(List.of("distance_km(a,b,c,d)", "hour_sin(ts)"), KEY);
        assertEquals(2, features.width());
        ConfigException e = assertThrows(ConfigException.class, () -> Features.of(List.of("amount, ts"), KEY));
        assertTrue(e.getMessage().contains("amount, ts"), e.getMessage());
    }

    @Test
    void emptyAndDuplicateListsAreRejected() {
        assertTrue(assertThrows(ConfigException.class, () -> Features.parse("  ", KEY)).getMessage()
                .contains("at least one feature"));
        assertTrue(assertThrows(ConfigException.class, () -> Features.of(List.of(), KEY)).getMessage()
                .contains("at least one feature"));
        String message = assertThrows(ConfigException.class, () -> Features.parse("log1p(amount), log1p( amount )", KEY))
                .getMessage();
        assertTrue(message.contains("'log1p(amount)' is listed twice"), message);
    }
}
