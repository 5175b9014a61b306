package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigException} that keeps the name of the setting to fix, so a connector's {@code validate()} can show it
 * on that setting; Kafka's own exception only has it inside its message.
 */
public final class InvalidSetting extends ConfigException {
    private final String setting;

    public InvalidSetting(String setting, Object value, String message) {
        super(setting, value, message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
