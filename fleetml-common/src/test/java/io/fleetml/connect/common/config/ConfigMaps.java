package io.fleetml.connect.common.config;

import java.util.HashMap;
import java.util.Map;

/** Connector configs for tests: a base config with some settings added or replaced. */
public final class ConfigMaps {
    private ConfigMaps() {
    }

    /** {@code base} with each {@code key, value} pair of {@code more} set, as a mutable map. */
    public static Map<String, String> with(Map<String, String> base, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in key, value pairs");
        }
        Map<String, String> props = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            props.put(more[i], more[i + 1]);
        }
        return props;
    }
}
