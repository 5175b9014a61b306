package io.fleetml.connect.common;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigValidationTest {
    private static Config config(ConfigValue... values) {
        return new Config(List.of(values));
    }

    @Test
    void errorGoesToTheSettingItNames() {
        ConfigValue endpoint = new ConfigValue("pubsub.endpoint");
        ConfigValue topic = new ConfigValue("kafka.topic");
        ConfigValidation.addCrossSettingErrors(config(topic, endpoint), () -> {
            throw new ConfigException("pubsub.endpoint", "", "is needed with plaintext");
        });
        assertEquals(1, endpoint.errorMessages().size());
        assertTrue(topic.errorMessages().isEmpty());
    }

    @Test
    void errorNamingNoSettingGoesToTheFirstRatherThanBeingLost() {
        ConfigValue first = new ConfigValue("a.setting");
        ConfigValidation.addCrossSettingErrors(config(first), () -> {
            throw new ConfigException("settings disagree");
        });
        assertEquals(List.of("settings disagree"), first.errorMessages());
    }

    @Test
    void crossChecksWaitUntilEverySettingIsValidOnItsOwn() {
        ConfigValue bad = new ConfigValue("a.setting");
        bad.addErrorMessage("not a number");
        boolean[] ran = new boolean[1];
        ConfigValidation.addCrossSettingErrors(config(bad), () -> ran[0] = true);
        assertEquals(false, ran[0]);
        assertEquals(1, bad.errorMessages().size());
    }
}
