package io.fleetml.model.features;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturePropertiesTest {
    private static final long MS_PER_DAY = 86_400_000L;
    private static final List<String> CATEGORIES =
            List.of("fuel", "ev_charging", "parking", "tolls", "car_wash", "in_car_entertainment", "food");
    private static final Feature ONEHOT = FeatureSpec.parse(
            "onehot(category:fuel|ev_charging|parking|tolls|car_wash|in_car_entertainment|food)", "features");

    @Property(tries = 2000, seed = "20251124")
    void hourSineAndCosineLieOnTheUnitCircle(@ForAll @LongRange(min = -4_000_000_000_000L, max = 4_000_000_000_000L) long ts) {
        double sin = HourOfDayFeature.value(ts, false);
        double cos = HourOfDayFeature.value(ts, true);
        assertEquals(1.0, sin * sin + cos * cos, 1e-12);
    }

    @Property(tries = 1000, seed = "20251124")
    void hourFeaturesRepeatEveryDay(@ForAll @LongRange(min = 0, max = 2_000_000_000_000L) long ts,
                                    @ForAll @IntRange(min = -1000, max = 1000) int days) {
        assertEquals(HourOfDayFeature.value(ts, false), HourOfDayFeature.value(ts + days * MS_PER_DAY, false));
        assertEquals(HourOfDayFeature.value(ts, true), HourOfDayFeature.value(ts + days * MS_PER_DAY, true));
    }

    @Property(tries = 2000, seed = "20251124")
    void distanceIsSymmetricAndBounded(@ForAll @DoubleRange(min = -90, max = 90) double lat1,
                                       @ForAll @DoubleRange(min = -180, max = 180) double lon1,
                                       @ForAll @DoubleRange(min = -90, max = 90) double lat2,
                                       @ForAll @DoubleRange(min = -180, max = 180) double lon2) {
        double d = DistanceFeature.haversineKm(lat1, lon1, lat2, lon2);
        assertEquals(d, DistanceFeature.haversineKm(lat2, lon2, lat1, lon1), 0.0);
        assertTrue(d >= 0 && d <= Math.PI * DistanceFeature.EARTH_RADIUS_KM + 1e-9, "distance " + d);
    }

    @Property(tries = 1000, seed = "20251124")
    void distanceFromAPointToItselfIsZero(@ForAll @DoubleRange(min = -90, max = 90) double lat,
                                          @ForAll @DoubleRange(min = -180, max = 180) double lon) {
        assertEquals(0.0, DistanceFeature.haversineKm(lat, lon, lat, lon), 0.0);
    }

    @Property(tries = 200, seed = "20251124")
    void onehotHasExactlyOneOneForAListedCategory(@ForAll @IntRange(min = 0, max = 6) int index) throws MissingFeature {
        double[] out = new double[ONEHOT.width()];
        ONEHOT.extract(Map.of("category", CATEGORIES.get(index)), out, 0);
        for (int i = 0; i < out.length; i++) {
            assertEquals(i == index ? 1.0 : 0.0, out[i]);
        }
    }

    @Property(tries = 500, seed = "20251124")
    void onehotIsAllZerosForAnUnlistedCategory(@ForAll String category) throws MissingFeature {
        double[] out = new double[ONEHOT.width()];
        ONEHOT.extract(Map.of("category", category), out, 0);
        double sum = 0;
        for (double v : out) {
            sum += v;
        }
        assertEquals(CATEGORIES.contains(category) ? 1.0 : 0.0, sum);
    }
}
