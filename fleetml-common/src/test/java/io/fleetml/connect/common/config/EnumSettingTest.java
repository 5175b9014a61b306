package io.fleetml.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnumSettingTest {
    private enum Extractor implements EnumSetting.Named {
        RECORD("Record"), RECORD_FIELD("RecordField");

        private final String value;

        Extractor(String value) {
            this.value = value;
        }

        @Override
        public String settingValue() {
            return value;
        }
    }

    private enum Mode {
        FIELDS, HEADERS
    }

    @Test
    void valuesAreAcceptedInAnyCaseAndParsedToTheirConstant() {
        EnumSetting<Mode> modes = EnumSetting.of(Mode.class);
        modes.validator().ensureValid("output.mode", "HeAdErS");
        assertEquals(Mode.HEADERS, modes.parse("HeAdErS"));
        assertEquals(Extractor.RECORD_FIELD, EnumSetting.of(Extractor.class).parse("recordfield"));
    }

    @Test
    void anUnknownValueNamesTheSettingAndEveryChoice() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EnumSetting.of(Extractor.class).validator().ensureValid("timestamp.extractor", "Wallclock"));
        assertEquals("Invalid value Wallclock for configuration timestamp.extractor: must be one of Record, RecordField",
                e.getMessage());
        assertThrows(ConfigException.class, () -> EnumSetting.of(Mode.class).validator().ensureValid("output.mode", null));
    }

    @Test
    void theRecommenderListsTheSettingValuesInDeclarationOrder() {
        ConfigDef.Recommender recommender = EnumSetting.of(Extractor.class).recommender();
        assertEquals(List.of("Record", "RecordField"), recommender.validValues("timestamp.extractor", Map.of()));
        assertEquals(List.of("fields", "headers"), EnumSetting.of(Mode.class).recommender().validValues("output.mode", Map.of()));
        assertEquals("fields, headers", EnumSetting.of(Mode.class).validator().toString());
    }
}
