package io.fleetml.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** Nested record values as the fleet sends them: fields in the order given, so payloads read the same every run. */
public final class OrderedMaps {
    private OrderedMaps() {
    }

    /** A map of alternating keys and values: {@code of("lat", 48.1, "lon", 11.5)}. */
    public static Map<String, Object> of(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
