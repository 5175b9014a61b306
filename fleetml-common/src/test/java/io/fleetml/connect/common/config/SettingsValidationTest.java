package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A cross-setting rule refuses the same config with the same message in the constructor and in validate(). */
class SettingsValidationTest {
    private record Sink(String partitioner, String field) {
        static final List<CrossSettingRule<Sink>> RULES = List.of(
                CrossSettingRule.of("partition.field.name", sink -> sink.partitioner().equals("field") && sink.field() == null,
                        "partitioner=field needs at least one field"));

        /** As a config class's constructor does once its values are parsed. */
        static Sink of(String partitioner, String field) {
            Sink sink = new Sink(partitioner, field);
            Map<String, String> values = new HashMap<>();
            values.put("partitioner", partitioner);
            values.put("partition.field.name", field);
            CrossSettingRule.enforce(sink, RULES, values::get);
            return sink;
        }
    }

    private static Config config() {
        return new Config(List.of(new ConfigValue("partitioner"), new ConfigValue("partition.field.name")));
    }

    @Test
    void theConstructorAndValidateReportTheRuleOnTheSettingItNames() {
        InvalidSetting thrown = assertThrows(InvalidSetting.class, () -> Sink.of("field", null));
        assertEquals("partition.field.name", thrown.setting());
        assertEquals("Invalid value null for configuration partition.field.name: partitioner=field needs at least one field",
                thrown.getMessage());

        Config validated = SettingsValidation.addConfigClassErrors(config(), () -> Sink.of("field", null));
        assertEquals(List.of(), validated.configValues().get(0).errorMessages());
        assertEquals(List.of(thrown.getMessage()), validated.configValues().get(1).errorMessages());
    }

    @Test
    void aConfigThatKeepsTheRulesAddsNoErrorAndOneThatNamesNoSettingGoesToTheFirst() {
        Config valid = SettingsValidation.addConfigClassErrors(config(), () -> Sink.of("field", "vin"));
        valid.configValues().forEach(value -> assertEquals(List.of(), value.errorMessages()));

        Config unnamed = SettingsValidation.addConfigClassErrors(config(), () -> {
            throw new ConfigException("no setting named");
        });
        assertEquals(List.of("no setting named"), unnamed.configValues().get(0).errorMessages());
    }

    @Test
    void settingsThatAreInvalidOnTheirOwnAreNotCheckedTogether() {
        Config config = config();
        config.configValues().get(0).addErrorMessage("must be one of default, field, time");
        SettingsValidation.addConfigClassErrors(config, () -> Sink.of("field", null));
        assertEquals(List.of(), config.configValues().get(1).errorMessages());
    }
}
