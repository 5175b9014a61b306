package io.fleetml.connect.pii;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.fleetml.connect.pii.PiiMaskTest.props;
import static io.fleetml.connect.pii.PiiMaskTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every coordinate field of a geo object is generalized, whatever its spelling and however many pairs it holds. */
class GeoPropertiesTest {
    private static final List<String> LATITUDES = List.of("lat", "Lat", "LAT", "latitude", "Latitude", "LATITUDE");
    private static final List<String> LONGITUDES = List.of("lon", "Lon", "lng", "LNG", "long", "Long", "longitude", "Longitude");
    private static final Set<String> OTHER = Set.of("speed", "heading", "accuracy");

    @Property(tries = 500, seed = "20261202")
    void everyCoordinateOfAnObjectIsFlooredAndNothingElseChanges(@ForAll("positions") Map<String, Object> position,
                                                                 @ForAll @IntRange(min = 0, max = 5) int decimals) {
        PiiMask<SourceRecord> smt = PiiMaskTest.value(props("geo.fields", "pos", "geo.decimals", String.valueOf(decimals)));
        Map<?, ?> out = (Map<?, ?>) ((Map<?, ?>) smt.apply(record(null, Map.of("pos", position))).value()).get("pos");
        GeoGeneralizer geo = new GeoGeneralizer(decimals, 0);
        assertEquals(position.keySet(), out.keySet());
        for (Map.Entry<String, Object> entry : position.entrySet()) {
            Object expected = OTHER.contains(entry.getKey()) ? entry.getValue() : geo.coordinate((Double) entry.getValue());
            assertEquals(expected, out.get(entry.getKey()), entry.getKey());
        }
    }

    /** An object with at least one latitude and one longitude field in any spelling, more pairs, and other fields. */
    @Provide
    Arbitrary<Map<String, Object>> positions() {
        Arbitrary<Double> latitude = Arbitraries.doubles().between(-90, 90);
        Arbitrary<Double> longitude = Arbitraries.doubles().between(-180, 180);
        Arbitrary<Map<String, Double>> extraLatitudes = Arbitraries.maps(Arbitraries.of(LATITUDES), latitude).ofMaxSize(3);
        Arbitrary<Map<String, Double>> extraLongitudes = Arbitraries.maps(Arbitraries.of(LONGITUDES), longitude).ofMaxSize(3);
        Arbitrary<Map<String, Double>> others = Arbitraries.maps(Arbitraries.of(OTHER), Arbitraries.doubles()).ofMaxSize(2);
        return Combinators.combine(Arbitraries.of(LATITUDES), latitude, Arbitraries.of(LONGITUDES), longitude,
                        extraLatitudes, extraLongitudes, others)
                .as((latName, lat, lonName, lon, lats, lons, rest) -> {
                    Map<String, Object> position = new HashMap<>(rest);
                    position.putAll(lats);
                    position.putAll(lons);
                    position.put(latName, lat);
                    position.put(lonName, lon);
                    return position;
                });
    }
}
