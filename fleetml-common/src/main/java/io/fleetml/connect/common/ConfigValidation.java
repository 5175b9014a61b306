package io.fleetml.connect.common;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Reports checks that span several settings through Connect's validate endpoint, on the setting the error names, so
 * the REST API and UIs show them next to the field to fix instead of only failing the connector at start.
 */
public final class ConfigValidation {
    private ConfigValidation() {
    }

    /**
     * Runs {@code check} (typically the plugin's config constructor) when every setting is valid on its own, and adds
     * its {@link ConfigException} to the setting named in the message, or to the first one when none is named.
     */
    public static Config addCrossSettingErrors(Config config, Runnable check) {
        boolean perKeyErrors = config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
        if (perKeyErrors) {
            return config;
        }
        try {
            check.run();
        } catch (ConfigException e) {
            for (ConfigValue value : config.configValues()) {
                if (e.getMessage().contains("configuration " + value.name() + ":")) {
                    value.addErrorMessage(e.getMessage());
                    return config;
                }
            }
            config.configValues().get(0).addErrorMessage(e.getMessage());
        }
        return config;
    }
}
