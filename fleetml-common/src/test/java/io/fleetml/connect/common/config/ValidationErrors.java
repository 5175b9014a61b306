package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a connector's validate() answers, as the REST API shows it: the settings with errors and their messages. */
public final class ValidationErrors {
    private ValidationErrors() {
    }

    public static Map<String, List<String>> of(Config validated) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : validated.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
