package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Shows through Connect's validate endpoint what a plugin's config class refuses beyond the single settings (its
 * {@link CrossSettingRule}s, parsed paths and expressions), on the setting to fix, so the REST API and UIs show it
 * next to that field instead of failing the connector at start.
 */
public final class SettingsValidation {
    private SettingsValidation() {
    }

    /**
     * Runs {@code construct} (the plugin's config constructor) when every setting is valid on its own, and adds what it
     * refuses to the setting it names; a refusal that names none goes to the first setting.
     */
    public static Config addConfigClassErrors(Config config, Runnable construct) {
        if (config.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty())) {
            return config;
        }
        try {
            construct.run();
        } catch (InvalidSetting e) {
            valueOf(config, e.setting()).addErrorMessage(e.getMessage());
        } catch (ConfigException e) {
            config.configValues().get(0).addErrorMessage(e.getMessage());
        }
        return config;
    }

    private static ConfigValue valueOf(Config config, String setting) {
        return config.configValues().stream().filter(v -> v.name().equals(setting)).findFirst()
                .orElseGet(() -> config.configValues().get(0));
    }
}
